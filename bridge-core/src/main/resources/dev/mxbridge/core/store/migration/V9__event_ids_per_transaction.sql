-- Event ids received, one row per appended transaction (per chunk of at most 1,000 ids) instead of one per event:
-- the ids are looked up in memory (store.RecentKeys) and read from here only at start-up, so a row per event was a
-- hundred B-tree inserts per transaction for nothing but that load. event_ids holds the ids separated by line feeds
-- (an id holding one is left out: it is still recognised in memory until a restart). first_seq and last_seq are
-- the journal sequence numbers the chunk's events were given. Kept for journal.event_retention, like as_event_id.
CREATE TABLE as_event_ids (
    first_seq   BIGINT  NOT NULL PRIMARY KEY,
    last_seq    BIGINT  NOT NULL,
    received_at BIGINT  NOT NULL,
    event_ids   VARCHAR NOT NULL
);
CREATE INDEX as_event_ids_received ON as_event_ids (received_at);
INSERT INTO as_event_ids (first_seq, last_seq, received_at, event_ids)
    SELECT seq, seq, received_at, event_id FROM as_event_id;
DROP TABLE as_event_id;
