-- What the bridge last saw of a room's state, for the few event types whose changes it acts on (m.room.member,
-- m.room.power_levels): a leave, a kick or a power change is judged against this, not against the optional
-- unsigned.prev_content, which some homeservers (Dendrite) do not send.
CREATE TABLE room_state (
    room_id    VARCHAR(255)  NOT NULL,
    event_type VARCHAR(255)  NOT NULL,
    state_key  VARCHAR(255)  NOT NULL,
    content    VARCHAR(65536) NOT NULL,
    PRIMARY KEY (room_id, event_type, state_key)
);
