/**
 * The shared command line of bridges ({@link dev.mxbridge.core.cli.BridgeCli}): run, generate and check the
 * registration, list failed events. Parsing and help come from picocli.
 */
package dev.mxbridge.core.cli;
