/**
 * Credentials at rest and in memory. {@link dev.mxbridge.core.secret.SecretBox} encrypts them with AES-256-GCM for
 * the store, bound to their owner by associated data; {@link dev.mxbridge.core.secret.Secret} holds one in memory and
 * prints as {@code ***}. Failures are {@link dev.mxbridge.core.secret.SecretException}s, whose messages never carry
 * secret material.
 */
package dev.mxbridge.core.secret;
