#!/usr/bin/env python3
"""Loads N rooms on a Parley cluster: one client (plaintext, SASL ANONYMOUS: a load-test node) asks each
room PREFIX-i@MUC for its disco#info. A room that does not exist answers item-not-found, but its entity
starts on the node that owns its shard and stays loaded until it passivates (parley.muc.passivate-idle-rooms-after),
so each node's share of the rooms can then be read from Pekko Management (/cluster/shards/Room).
Usage: touch-rooms.py HOST PORT N [PREFIX] [MUC]"""
import re
import socket
import sys

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
prefix = sys.argv[4] if len(sys.argv) > 4 else "share"
muc = sys.argv[5] if len(sys.argv) > 5 else "conference.localhost"
s = socket.create_connection((host, port))
buf = b""


def send(x):
    s.sendall(x.encode())


def until(pattern):
    global buf
    while not re.search(pattern, buf):
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("connection closed: " + buf[-500:].decode(errors="replace"))
        buf += chunk
    found = buf
    buf = b""
    return found


def open_stream():
    send("<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
         "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
    return until(rb"</stream:features>")


open_stream()
send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>")
until(rb"<success|<failure")
open_stream()
send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
until(rb"</iq>")
answered = 0
batch = 500
for start in range(0, n, batch):
    end = min(n, start + batch)
    send("".join("<iq type='get' id='r%d' to='%s-%d@%s'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
                 % (i, prefix, i, muc) for i in range(start, end)))
    while answered < end:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("connection closed")
        buf += chunk
        cut = buf.rfind(b">") + 1  # complete tags only: an attribute cut in two is counted with its next part
        answered += len(re.findall(rb"id=['\"]r\d+['\"]", buf[:cut]))
        buf = buf[cut:]
send("</stream:stream>")
print(answered)
