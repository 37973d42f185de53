-- mod_s2s_static_routes.lua -- Prosody 0.12.x
--
-- Route outgoing s2s connections for selected remote domains to a fixed
-- host/IP and port, bypassing SRV / A / AAAA DNS lookups.
--
--   plugin_paths = { "/path/to/dir/containing/this/file" }
--   modules_enabled = { ...; "s2s_static_routes"; }
--   s2s_static_routes = {
--       ["parley.localhost"]            = { "127.0.0.1", 25269 };
--       ["conference.parley.localhost"] = { "127.0.0.1", 25269 };
--   }
--
-- Why a wrapper: in 0.12 mod_s2s's route_to_new_session() builds its
-- resolver inline with net.resolvers.service.new(to_host, "xmpp-server", ...)
-- (chained after an "xmpps-server" resolver when TLS is configured) and
-- passes it straight to net.connect; there is no "s2sout-pre-connect" event
-- yet (that only exists in later Prosody versions). mod_s2s calls
-- service.new through the shared module table at call time, so replacing
-- that field is enough.

module:set_global();

local service = require "net.resolvers.service";
local basic = require "net.resolvers.basic";
local manual = require "net.resolvers.manual";

local original_new = service.new;

local function static_new(hostname, service_name, conn_type, extra)
	local routes = module:get_option("s2s_static_routes", {});
	local route = type(hostname) == "string" and routes[hostname];
	if route and service_name == "xmpp-server" then
		local target_host, target_port = route[1], tonumber(route[2]) or 5269;
		module:log("debug", "Static s2s route: %s -> %s:%d", hostname, target_host, target_port);
		-- basic.new() with an IP literal needs no DNS at all; with a
		-- hostname it would do an A/AAAA lookup for that name.
		return basic.new(target_host, target_port, conn_type or "tcp", extra);
	elseif route and service_name == "xmpps-server" then
		-- No Direct-TLS (XEP-0368) target: empty resolver, so the chain
		-- falls through to the plain "xmpp-server" (STARTTLS) one above.
		return manual.new({}, conn_type, extra);
	end
	return original_new(hostname, service_name, conn_type, extra);
end

function module.load()
	service.new = static_new;
end

function module.unload()
	if service.new == static_new then
		service.new = original_new;
	end
end
