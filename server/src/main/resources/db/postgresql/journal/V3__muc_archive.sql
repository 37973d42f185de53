-- The rooms' message archive (XEP-0313), version 3 of the journal's tables (PostgreSQL): one row per archived groupchat
-- message, fed from the rooms' journal events (MessagesStored, MessageRetracted) once they are written.
--   room        the room's bare JID (the archive's address, §3.3.2)
--   position    the message's place in the room's order (§3.1), given by the room; never reused
--   stanza_id   its XEP-0359 stanza id by the room: the archive UID clients page by (§3.5)
--   stamp       when the room accepted it, milliseconds since the epoch (§4.1.2 filters on it)
--   nick        the sender's nickname (a 'with' of room@service/nick, §4.1.1)
--   sender_bare the sender's real bare JID (a 'with' of a user's JID, for those who may see it), null if unknown
--   sender      the sender's real full JID (the <item jid/> of §6.1.2), null if unknown
--   stanza      the message as the room reflected it, UTF-8 XML (a tombstone once retracted, XEP-0424/0425)
CREATE TABLE IF NOT EXISTS muc_archive (
  room VARCHAR(1023) NOT NULL,
  position BIGINT NOT NULL,
  stanza_id VARCHAR(255) NOT NULL,
  stamp BIGINT NOT NULL,
  nick VARCHAR(1023) NOT NULL,
  sender_bare VARCHAR(2047),
  sender VARCHAR(3071),
  stanza BYTEA NOT NULL,
  PRIMARY KEY (room, position));

CREATE UNIQUE INDEX IF NOT EXISTS muc_archive_stanza_id ON muc_archive (room, stanza_id);
CREATE INDEX IF NOT EXISTS muc_archive_stamp ON muc_archive (room, stamp, position);
CREATE INDEX IF NOT EXISTS muc_archive_nick ON muc_archive (room, nick, position);
CREATE INDEX IF NOT EXISTS muc_archive_sender ON muc_archive (room, sender_bare, position);
