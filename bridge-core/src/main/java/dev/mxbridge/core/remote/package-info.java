/**
 * The durable inbox of remote events: {@link dev.mxbridge.core.remote.RemoteInbox} stores what a network pushes with
 * {@code NetworkContext.pushDurably} before the network acknowledges it upstream, so that remote → Matrix keeps the
 * journal's promise too: nothing acknowledged is lost in a crash, and a redelivery is bridged once.
 */
package dev.mxbridge.core.remote;
