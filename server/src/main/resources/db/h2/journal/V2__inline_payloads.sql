-- The room journal, version 2 (H2): payloads stored in the row (BINARY VARYING) rather than as LOBs. H2 keeps
-- every BLOB in its LOB store (its own maps, a reference and metadata per value), which made each event written
-- several map updates and most of a node's CPU at light load (docs/footprint.md). An event is at most 256K
-- characters of messages or one message (a room writes a large batch as several events: H2 fails to read back a
-- row over 1 MB while it is still writing it, docs/footprint.md, thirteenth pass); a snapshot holds 50 messages of
-- history and the occupants. H2's limit for BINARY VARYING is 1,000,000,000 bytes. pekko-persistence-jdbc reads and writes these columns as byte arrays either way.
ALTER TABLE PUBLIC."event_journal" ALTER COLUMN "event_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE PUBLIC."event_journal" ALTER COLUMN "meta_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE PUBLIC."snapshot" ALTER COLUMN "snapshot_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE PUBLIC."snapshot" ALTER COLUMN "meta_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE PUBLIC."durable_state" ALTER COLUMN "state_payload" SET DATA TYPE BINARY VARYING;
