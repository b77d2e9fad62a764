package dev.mxbridge.testkit.slack;

/**
 * A person or bot in the fake workspace, as it is now.
 *
 * @param id          {@code U…}
 * @param name        the handle, e.g. {@code alice}
 * @param realName    the full name
 * @param displayName the display name people see; may be empty, as in Slack
 * @param avatarUrl   the 72-pixel avatar, served by the fake
 * @param isBot       whether it is a bot user (the app's own bot is one)
 */
public record SlackUser(String id, String name, String realName, String displayName, String avatarUrl, boolean isBot) {
}
