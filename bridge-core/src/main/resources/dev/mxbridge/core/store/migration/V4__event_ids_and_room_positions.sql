-- Event ids received, to recognise the same event in another transaction (a homeserver restart, a restored
-- database, a retry under a new id, or an event found again by the timeline repair). Kept for
-- journal.event_retention, like as_txn for transaction ids.
CREATE TABLE as_event (
    event_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    received_at BIGINT       NOT NULL
);
CREATE INDEX as_event_received ON as_event (received_at);

-- Per room, the last event the journal holds and one of our users who can read the room: where the timeline
-- repair starts reading. Written behind (a stale row only makes the repair read more), so not exact after a crash.
CREATE TABLE room_position (
    room_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    event_id   VARCHAR(255) NOT NULL,
    reader     VARCHAR(255),
    updated_at BIGINT       NOT NULL
);
CREATE INDEX room_position_updated ON room_position (updated_at);
