-- Event ids received, keyed by the journal sequence number of their event instead of by the id itself. Event ids
-- are hashes, so a key of ids put every transaction's 100 new rows all over the index, rewriting pages across it
-- at each commit; in journal order they are appended at its end. Lookups are in memory (RecentEventIds), loaded
-- from here at start-up. Kept for journal.event_retention, like as_txn for transaction ids. Rows carried over from
-- as_event get negative sequence numbers, in the order they arrived, below every journal sequence number.
CREATE TABLE as_event_id (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    event_id    VARCHAR(255) NOT NULL,
    received_at BIGINT       NOT NULL
);
CREATE INDEX as_event_id_received ON as_event_id (received_at);
INSERT INTO as_event_id (seq, event_id, received_at)
    SELECT ROW_NUMBER() OVER (ORDER BY received_at, event_id) - (SELECT COUNT(*) FROM as_event) - 1, event_id, received_at
    FROM as_event;
DROP TABLE as_event;
