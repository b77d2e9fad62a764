/**
 * Matrix users of the bridge (engine, not exported): ghosts for remote users, puppets (logins) and double puppets.
 * Who may do what is {@link dev.mxbridge.core.command.Permissions} in the command API.
 */
package dev.mxbridge.core.user;
