-- A Matrix event in a room linked to several remote rooms is sent to each: one row per remote room, so that an
-- edit, reply, reaction or redaction reaches every copy (V2 kept only the first). Portable to H2 and PostgreSQL:
-- a new table, the rows copied, the old table dropped, the new one renamed.
CREATE TABLE message_map_v3 (
    room_id        VARCHAR(255) NOT NULL,
    event_id       VARCHAR(255) NOT NULL,
    remote_room_id VARCHAR(255) NOT NULL,
    remote_msg_id  VARCHAR(255) NOT NULL,
    part           INT          NOT NULL,
    sender         VARCHAR(255) NOT NULL,
    ts             BIGINT       NOT NULL,
    PRIMARY KEY (room_id, event_id, remote_room_id)
);

INSERT INTO message_map_v3 (room_id, event_id, remote_room_id, remote_msg_id, part, sender, ts)
SELECT room_id, event_id, remote_room_id, remote_msg_id, part, sender, ts FROM message_map;

DROP TABLE message_map;

ALTER TABLE message_map_v3 RENAME TO message_map;

CREATE INDEX message_map_remote ON message_map (remote_room_id, remote_msg_id, part);
