/**
 * The shared command line of bridges ({@link dev.mxbridge.core.cli.BridgeCli}): run, generate and check the
 * registration, list failed events, move the database to another engine ({@code migrate-db}, in
 * {@code dev.mxbridge.core.migrate}). Parsing and help come from picocli.
 */
package dev.mxbridge.core.cli;
