/**
 * Matrix users of the bridge. {@link dev.mxbridge.core.user.Permissions} maps user ids, server names and {@code *}
 * from the config to {@link dev.mxbridge.core.user.PermissionLevel}s, checked for every command and before anything
 * is bridged.
 */
package dev.mxbridge.core.user;
