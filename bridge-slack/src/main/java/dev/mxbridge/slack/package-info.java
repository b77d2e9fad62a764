/**
 * The Slack bridge on bridge-core and the official Slack SDK: one Slack app in one workspace.
 *
 * <p>The model: {@link dev.mxbridge.slack.SlackConnector} is the network. Channels the app's bot is in are remote
 * rooms ({@code T…/C…}); their portals have aliases from a template ({@code #_slack_{team}_{channel}}). Events come
 * over Socket Mode ({@code SocketModeLink}) or the signed Events API ({@code EventsEndpoint}, one of the module's endpoints on the bridge's listener); the {@code Intake}
 * turns each into remote events ({@code Inbound}, {@code Mrkdwn}, {@code SlackFiles}) and stores them through the
 * core's durable push before Slack is acknowledged. Matrix users are relayed by the bot ({@code BotRelay}), as
 * virtual users under their own names by default ({@code VirtualUserRelay}), through one ordered queue per channel
 * ({@code SendQueues}) that waits out Slack's rate limits. Logged-in users' DMs and group DMs are per-login rooms
 * ({@code DirectChats}); {@code TeamSync} makes portals as channels appear; {@code TokenWatch} tells users and admins
 * of tokens Slack refuses. {@link dev.mxbridge.slack.SlackBridge} is the command line ({@code ConfigCheck} behind
 * {@code check-config}).
 *
 * <p>The module runs on the class path: the SDK's jars split a package ({@code com.slack.api.meta} is in both
 * {@code slack-api-client} and {@code slack-api-model}), which the module system refuses.
 */
package dev.mxbridge.slack;
