-- The inbound journal and a key-value table. Portable SQL: the same file runs on H2 and PostgreSQL.

-- Transactions received from the homeserver, to recognise retries (also across restarts).
CREATE TABLE as_txn (
    txn_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    received_at BIGINT       NOT NULL,
    event_count INT          NOT NULL
);
CREATE INDEX as_txn_received ON as_txn (received_at);

-- Events not yet handled (state 0) or given up on (state 2). Handled events are deleted.
-- lane: the room id, or '' for events without one (presence); seq: global arrival order.
CREATE TABLE journal (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    txn_id      VARCHAR(255) NOT NULL,
    lane        VARCHAR(255) NOT NULL,
    ephemeral   BOOLEAN      NOT NULL,
    received_at BIGINT       NOT NULL,
    payload     VARCHAR      NOT NULL,
    state       SMALLINT     NOT NULL,
    attempts    INT          NOT NULL,
    error       VARCHAR(4000)
);
CREATE INDEX journal_state ON journal (state, seq);

CREATE TABLE kv (
    ns VARCHAR(255) NOT NULL,
    k  VARCHAR(255) NOT NULL,
    v  VARCHAR      NOT NULL,
    PRIMARY KEY (ns, k)
);
