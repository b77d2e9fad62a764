/**
 * Credentials in memory: {@link dev.mxbridge.core.secret.Secret} holds one and prints as {@code ***}. Failures are
 * {@link dev.mxbridge.core.secret.SecretException}s, whose messages never carry secret material. How they are
 * sealed at rest is the engine's ({@code dev.mxbridge.core.seal}, not exported).
 */
package dev.mxbridge.core.secret;
