/**
 * The IRC bridge's default Logback configuration, set up in code: no XML parser and no Joran classes loaded at start.
 */
package dev.mxbridge.irc.logging;
