/**
 * The AS HTTP API the homeserver calls. {@link dev.mxbridge.core.appservice.AppServiceServer} checks the hs_token
 * (constant time), stores transactions through the journal's {@link dev.mxbridge.core.journal.Inbox} before answering,
 * and passes user, alias and third-party queries to a {@link dev.mxbridge.core.handler.QueryHandler}.
 */
package dev.mxbridge.core.appservice;
