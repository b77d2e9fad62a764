/**
 * Credentials at rest (engine, not exported). {@link dev.mxbridge.core.seal.SecretBox} encrypts them with AES-256-GCM
 * for the store, bound to their owner by associated data; {@link dev.mxbridge.core.seal.KeyFile} loads or creates the
 * bridge's key.
 */
package dev.mxbridge.core.seal;
