/**
 * The API of a bridge written without the core's bridge model: {@link dev.mxbridge.core.handler.EventHandler} gets
 * every event from the homeserver as an {@link dev.mxbridge.core.handler.InboundEvent} (per room, in order, after the
 * journal stored it), and {@link dev.mxbridge.core.handler.QueryHandler} answers the homeserver's user, alias and
 * third-party queries. Given to {@code Bridge.builder(config).handler(...)} and {@code .queries(...)}; a bridge built
 * with {@code .network(...)} gets both from the core.
 */
package dev.mxbridge.core.handler;
