package dev.mxbridge.testkit.slack;

/** The three kinds of token a Slack app holds, told apart by their prefix as Slack's are. */
enum TokenType {
    /** A bot token, {@code xoxb-}: acts as the app's bot user. */
    BOT("xoxb-"),
    /** A user token, {@code xoxp-}: acts as the person who granted it through OAuth. */
    USER("xoxp-"),
    /** An app-level token, {@code xapp-}: opens Socket Mode connections and little else. */
    APP("xapp-");

    private final String prefix;

    TokenType(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }
}
