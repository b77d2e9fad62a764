-- The bridge model: bridged rooms and their links to remote rooms, ghosts, logins, double puppets and the
-- message map. Portable SQL for H2 and PostgreSQL.

-- A Matrix room the bridge serves. mode: 'portal' (the bridge created and owns it) or 'plumbed' (a room's admins
-- linked it; the bridge leaves its settings alone).
CREATE TABLE bridged_room (
    room_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    mode       VARCHAR(16)  NOT NULL,
    alias      VARCHAR(255),
    relay_user VARCHAR(255),
    created_at BIGINT       NOT NULL
);

-- Links are many-to-many: a Matrix room can reach several remote rooms and a remote room several Matrix rooms.
CREATE TABLE room_link (
    room_id        VARCHAR(255) NOT NULL,
    remote_room_id VARCHAR(255) NOT NULL,
    created_by     VARCHAR(255) NOT NULL,
    created_at     BIGINT       NOT NULL,
    PRIMARY KEY (room_id, remote_room_id)
);
CREATE INDEX room_link_remote ON room_link (remote_room_id);

-- A virtual Matrix user standing for a remote user; profile fields as last set, to set them only on change.
CREATE TABLE ghost (
    remote_user_id VARCHAR(255)  NOT NULL PRIMARY KEY,
    user_id        VARCHAR(255)  NOT NULL UNIQUE,
    display_name   VARCHAR(1000),
    avatar_url     VARCHAR(1000),
    registered     BOOLEAN       NOT NULL
);

-- A Matrix user's login on the remote network (puppeting); credentials sealed with the bridge's secret key.
CREATE TABLE user_login (
    user_id        VARCHAR(255)  NOT NULL,
    login_id       VARCHAR(255)  NOT NULL,
    remote_user_id VARCHAR(255)  NOT NULL,
    credentials    VARCHAR(8000),
    created_at     BIGINT        NOT NULL,
    PRIMARY KEY (user_id, login_id)
);
CREATE INDEX user_login_remote ON user_login (remote_user_id);

-- A Matrix user's own access token for double puppeting, sealed.
CREATE TABLE double_puppet (
    user_id      VARCHAR(255)  NOT NULL PRIMARY KEY,
    access_token VARCHAR(4000) NOT NULL,
    created_at   BIGINT        NOT NULL
);

-- Matrix event <-> remote message (and part), both directions, for edits, replies, reactions and redactions.
CREATE TABLE message_map (
    room_id        VARCHAR(255) NOT NULL,
    event_id       VARCHAR(255) NOT NULL,
    remote_room_id VARCHAR(255) NOT NULL,
    remote_msg_id  VARCHAR(255) NOT NULL,
    part           INT          NOT NULL,
    sender         VARCHAR(255) NOT NULL,
    ts             BIGINT       NOT NULL,
    PRIMARY KEY (room_id, event_id)
);
CREATE INDEX message_map_remote ON message_map (remote_room_id, remote_msg_id, part);
