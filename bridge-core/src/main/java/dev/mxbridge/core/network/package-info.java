/**
 * The network SPI: what a bridge author implements. A {@link dev.mxbridge.core.network.NetworkConnector} resolves
 * portals and supplies {@link dev.mxbridge.core.network.NetworkClient}s that send Matrix users' messages; the module
 * pushes {@link dev.mxbridge.core.network.RemoteEvent}s through its {@link dev.mxbridge.core.network.NetworkContext}.
 * Ids are opaque records ({@link dev.mxbridge.core.network.RemoteRoomId}, {@link dev.mxbridge.core.network.RemoteUserId},
 * {@link dev.mxbridge.core.network.RemoteMessageId}); {@link dev.mxbridge.core.network.Localparts} turns any remote id
 * into a valid Matrix localpart, reversibly. Content is {@link dev.mxbridge.core.network.MessageContent} with rich
 * text in the core's {@code format} model.
 */
package dev.mxbridge.core.network;
