package dev.mxbridge.testkit.slack;

/**
 * The one Slack app installed in the fake workspace, with the credentials a bridge's configuration needs.
 *
 * @param appId             the app's id ({@code A…})
 * @param clientId          OAuth client id, checked by {@code oauth.v2.access}
 * @param clientSecret      OAuth client secret
 * @param signingSecret     the secret Events API requests are signed with
 * @param verificationToken the deprecated {@code token} field of event payloads
 * @param botUserId         the bot user ({@code U…}) that bot tokens act as
 * @param botId             the bot ({@code B…}) that messages posted with bot tokens carry as {@code bot_id}
 */
public record SlackApp(String appId, String clientId, String clientSecret, String signingSecret,
                       String verificationToken, String botUserId, String botId) {
}
