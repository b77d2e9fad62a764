/**
 * HTTP endpoints a network serves on the bridge's own listener: webhooks (Slack's Events API, Telegram's webhook),
 * login pages and signed media links. A {@link dev.mxbridge.core.network.NetworkConnector} that also implements
 * {@link dev.mxbridge.core.web.WebRoutes} has its {@link dev.mxbridge.core.web.WebRoute}s mounted under
 * {@code /_mxbridge/<network id>/} next to the AS API; each checks its own authentication (a signature, a secret),
 * since the homeserver's token does not apply. Plain records in, plain records out: no web framework type leaks.
 */
package dev.mxbridge.core.web;
