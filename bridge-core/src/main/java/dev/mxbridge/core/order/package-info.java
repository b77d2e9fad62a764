/**
 * The bridge's one ordering path: {@link dev.mxbridge.core.order.Lanes} runs work one task at a time per key, keys
 * concurrently. Both directions use it with the same keys (a bridged Matrix room's id), so what the homeserver sends
 * about a room and what the network sends for it are handled one after the other, never at once.
 */
package dev.mxbridge.core.order;
