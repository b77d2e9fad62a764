/**
 * Bridged rooms: portals the bridge creates on demand and plumbed rooms linked by their admins, with many-to-many
 * links to remote rooms ({@link dev.mxbridge.core.room.RoomStore}) and the portal life cycle
 * ({@link dev.mxbridge.core.room.Portals}).
 */
package dev.mxbridge.core.room;
