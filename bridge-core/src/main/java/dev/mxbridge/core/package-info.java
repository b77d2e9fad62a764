/**
 * The entry point of bridge-core: {@link dev.mxbridge.core.Bridge} wires the store, the durable journal, the AS HTTP
 * API and the Matrix client; {@link dev.mxbridge.core.BridgeException} is the root of every exception the core throws.
 */
package dev.mxbridge.core;
