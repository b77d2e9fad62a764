/**
 * The message map ({@link dev.mxbridge.core.message.MessageMap}): Matrix events and remote messages (with part
 * indexes) mapped both ways, for edits, replies, reactions, redactions and echo suppression.
 */
package dev.mxbridge.core.message;
