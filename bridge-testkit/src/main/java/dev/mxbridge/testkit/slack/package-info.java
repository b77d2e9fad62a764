/**
 * A fake Slack for testing bridges through the real Slack SDK: {@link dev.mxbridge.testkit.slack.FakeSlack} serves
 * Slack's wire protocol on a loopback port and records what happened, in the manner of OkHttp's MockWebServer.
 *
 * <p>The model: one workspace (team) with people ({@link dev.mxbridge.testkit.slack.SlackUser}), conversations -
 * public and private channels, DMs and group DMs ({@link dev.mxbridge.testkit.slack.SlackChannel}) - and their
 * messages ({@link dev.mxbridge.testkit.slack.SlackMessage}: threads, broadcasts, edits, reactions, files), and one app
 * installed in it ({@link dev.mxbridge.testkit.slack.SlackApp}) with a bot user, a bot token, an app-level token and any
 * user tokens granted through OAuth. The app reaches the workspace through the Web API, which checks every token as
 * Slack does ({@code not_authed}, {@code invalid_auth}, {@code token_revoked}, {@code not_allowed_token_type},
 * {@code missing_scope} with {@code needed} and {@code provided}) and paces {@code chat.postMessage} per channel. The
 * workspace reaches the app through events - over Socket Mode ({@link dev.mxbridge.testkit.slack.FakeSocketMode}) or,
 * once a request URL is set, the signed Events API ({@link dev.mxbridge.testkit.slack.FakeEventsApi}) - for every
 * change to a conversation the app can see, whether a test made it acting as a person or the app made it through the
 * API (so the app hears its own posts, with {@code bot_id}, as on Slack). People sign in to the app through
 * {@link dev.mxbridge.testkit.slack.FakeOAuth}'s authorize page.
 *
 * <p>Threading: one lock, the workspace's, guards all workspace state; each Web API call and each test action holds it
 * throughout, so each is atomic and events are published in the order of the changes. Delivery runs on the fake's own
 * threads and never under that lock. Every public method may be called from any thread.
 *
 * <p>Not modelled: Enterprise Grid, shared channels, interactivity and slash commands, message attachments beyond
 * storing them, event subscriptions (the app receives every event type), per-method rate-limit tiers other than
 * {@code chat.postMessage}'s pacing and the hooks of {@link dev.mxbridge.testkit.slack.FakeSlack#failNext}.
 */
package dev.mxbridge.testkit.slack;
