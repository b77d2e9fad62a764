/**
 * The durable inbound journal. {@link dev.mxbridge.core.journal.Inbox} stores each homeserver transaction in a
 * {@link dev.mxbridge.core.journal.Journal} before the homeserver is answered, then hands the events to an
 * {@link dev.mxbridge.core.handler.EventHandler} one room at a time, in order, on virtual threads. A retried
 * transaction id is a no-op, also after a restart; unfinished events are resumed at start-up; a failing handler is
 * retried with back-off and then recorded as failed, never dropped and never blocking other rooms.
 */
package dev.mxbridge.core.journal;
