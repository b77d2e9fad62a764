/**
 * HTTP clients for the core (engine, not exported): built so that a bridge whose homeserver and networks are all
 * {@code http://} never sets up TLS.
 */
package dev.mxbridge.core.http;
