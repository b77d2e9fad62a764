-- The remote inbox, like the journal (V10), holds only events not yet bridged and those given up on: bridged ones
-- are deleted. It is read by state only at start-up, where a scan in sequence order serves, while the (state, seq)
-- index cost an insert and a delete for every remote event, each in a commit of its own at a few messages a second.
DROP INDEX remote_inbox_state;
