-- Remote events stored before the network acknowledges them upstream (NetworkContext.pushDurably), until they are
-- bridged to Matrix (state 0, deleted when done) or given up on (state 2). lane: the remote room; seq: push order.
CREATE TABLE remote_inbox (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    lane        VARCHAR(1024) NOT NULL,
    payload     VARCHAR       NOT NULL,
    state       SMALLINT      NOT NULL,
    attempts    INT           NOT NULL,
    error       VARCHAR(4000),
    received_at BIGINT        NOT NULL
);
CREATE INDEX remote_inbox_state ON remote_inbox (state, seq);

-- Delivery keys of stored remote events (a Slack event_id, a Telegram update_id), to drop a redelivery; kept for
-- the journal's event retention.
CREATE TABLE remote_key (
    k           VARCHAR(1024) NOT NULL PRIMARY KEY,
    received_at BIGINT        NOT NULL
);
CREATE INDEX remote_key_received ON remote_key (received_at);
