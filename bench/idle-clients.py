#!/usr/bin/env python3
"""Idle XMPP clients for scripts/bench-memory's idle-cpu mode: N clients log in over plain TCP on loopback
(SASL SCRAM-SHA-1, accounts user1..userN with one password, as the bench makes them), bind, send their initial
presence, and then do nothing but answer the server's pings (XEP-0199) until they are killed or --seconds pass.
Prints "ready N" once every client is in, "failed ..." and exits 1 if one could not log in.

    bench/idle-clients.py --port 5222 --domain localhost --clients 500 --password pass --seconds 120

Loopback only; bounded in count and time. Standard library only."""
import argparse, asyncio, base64, hashlib, hmac, os, re, sys

STREAM = ("<?xml version='1.0'?><stream:stream to='{d}' xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")


async def read_until(reader, pattern, buf):
    while True:
        m = re.search(pattern, buf[0], re.S)
        if m:
            buf[0] = buf[0][m.end():]
            return m
        data = await reader.read(65536)
        if not data:
            raise EOFError("the server closed the stream")
        buf[0] += data


def scram_proof(password, client_first_bare, server_first):
    """RFC 5802 §3: the client's final message for SCRAM-SHA-1."""
    attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
    salted = hashlib.pbkdf2_hmac("sha1", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha1).digest()
    stored = hashlib.sha1(client_key).digest()
    without_proof = "c=biws,r=" + attrs["r"]
    auth_message = ",".join([client_first_bare, server_first, without_proof]).encode()
    signature = hmac.new(stored, auth_message, hashlib.sha1).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    return without_proof + ",p=" + base64.b64encode(proof).decode()


async def client(i, o, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", o.port)
    buf = [b""]
    writer.write(STREAM.format(d=o.domain).encode())
    await read_until(reader, rb"</stream:features>", buf)
    user = f"user{i}"
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = f"n={user},r={nonce}"
    writer.write(("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>"
                  + base64.b64encode(("n,," + first_bare).encode()).decode() + "</auth>").encode())
    m = await read_until(reader, rb"<challenge[^>]*>([^<]*)</challenge>", buf)
    final = scram_proof(o.password, first_bare, base64.b64decode(m.group(1)).decode())
    writer.write(("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + base64.b64encode(final.encode()).decode()
                  + "</response>").encode())
    m = await read_until(reader, rb"<(success|failure)", buf)
    if m.group(1) != b"success":
        raise RuntimeError(f"{user}: authentication failed")
    writer.write(STREAM.format(d=o.domain).encode())
    await read_until(reader, rb"</stream:features>", buf)
    writer.write(b"<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
    await read_until(reader, rb"id=['\"]bind['\"]", buf)
    writer.write(b"<iq type='set' id='sess'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
    await read_until(reader, rb"id=['\"]sess['\"]", buf)
    writer.write(b"<presence/>")
    ready.append(i)
    while True:  # idle: only pings are answered
        data = await reader.read(65536)
        if not data:
            return
        for m in re.finditer(rb"<iq[^>]*?id=['\"]([^'\"]+)['\"][^>]*>\s*<ping xmlns=['\"]urn:xmpp:ping", buf[0] + data):
            writer.write(b"<iq type='result' id='" + m.group(1) + b"'/>")
        buf[0] = b""


async def main(o):
    ready, tasks = [], []
    for i in range(1, o.clients + 1):
        tasks.append(asyncio.create_task(client(i, o, ready)))
        if i % 50 == 0:
            await asyncio.sleep(0.2)
    deadline = asyncio.get_running_loop().time() + 120
    while len(ready) < o.clients:
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed or asyncio.get_running_loop().time() > deadline:
            print("failed", failed[0].exception() if failed else f"only {len(ready)} in after 120 s", flush=True)
            sys.exit(1)
        await asyncio.sleep(0.1)
    print("ready", len(ready), flush=True)
    await asyncio.sleep(o.seconds)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=5222)
    p.add_argument("--domain", default="localhost")
    p.add_argument("--clients", type=int, default=500)
    p.add_argument("--password", default="pass")
    p.add_argument("--seconds", type=float, default=120)
    o = p.parse_args()
    if o.clients > 5000 or o.seconds > 900:
        sys.exit("bounded: at most 5,000 clients for 900 s")
    asyncio.run(main(o))
