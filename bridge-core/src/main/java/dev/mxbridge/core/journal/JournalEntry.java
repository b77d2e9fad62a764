package dev.mxbridge.core.journal;

import tools.jackson.databind.JsonNode;

/**
 * One event as stored in the journal.
 *
 * @param seq        arrival order across all rooms; unique while the entry is unfinished
 * @param txnId      the homeserver transaction that brought it
 * @param lane       the room id, or {@code ""} for events without one (presence)
 * @param ephemeral  whether it came in the transaction's {@code ephemeral} list (typing, receipts, presence)
 * @param receivedAt when the transaction was stored, in epoch milliseconds
 * @param event      the event exactly as the homeserver sent it
 */
public record JournalEntry(long seq, String txnId, String lane, boolean ephemeral, long receivedAt, JsonNode event) {
}
