/**
 * Bridge configuration: the {@link dev.mxbridge.core.config.BridgeConfig} record tree and its YAML reader
 * {@link dev.mxbridge.core.config.ConfigYaml}, which reports every problem in a file at once.
 */
package dev.mxbridge.core.config;
