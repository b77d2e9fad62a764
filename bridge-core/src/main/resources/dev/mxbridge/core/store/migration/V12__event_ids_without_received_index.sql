-- as_event_ids rows are numbered in arrival order (first_seq), so the hourly prune walks the primary key up to the
-- first row received within the retention, and the start-up load reads the table in that order anyway. The index on
-- received_at cost an insert in every append, on the homeserver's path, for a read once an hour.
DROP INDEX as_event_ids_received;
