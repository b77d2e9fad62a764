-- A per-login remote room is stored as its value and its receiver (a Matrix user id, up to 255 characters)
-- joined by U+001F (RemoteRoomId.key): room keys get the room of both.
ALTER TABLE room_link ALTER COLUMN remote_room_id SET DATA TYPE VARCHAR(1024);
ALTER TABLE message_map ALTER COLUMN remote_room_id SET DATA TYPE VARCHAR(1024);
