-- The journal holds only events not yet handled and those given up on: handled ones are deleted. Reading it by
-- state happens at start-up (everything pending) and for the failed-events command, and a scan in sequence order
-- serves both; the (state, seq) index cost an insert and a delete for every event on the homeserver's path.
DROP INDEX journal_state;
