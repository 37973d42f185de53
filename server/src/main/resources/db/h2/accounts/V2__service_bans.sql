-- Parley accounts, version 2: service-wide bans (parley.muc.admins' ban-jid command). A target is a bare JID
-- (one user) or a domain (every user of it); each is refused in every room of the service.
CREATE TABLE IF NOT EXISTS service_ban (
  target VARCHAR(1023) PRIMARY KEY,
  reason VARCHAR(1023) NOT NULL,
  banned_by VARCHAR(1023) NOT NULL,
  created TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP);
