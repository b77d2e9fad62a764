package dev.mxbridge.testkit.slack;

import java.util.TreeSet;

/**
 * One authenticated Web API call on its way through a handler: the token, the arguments and the workspace, with the
 * checks every method shares. Lives under the {@link Workspace} monitor.
 */
record Call(String method, Token token, Args args, Workspace workspace) {
    /** The user the token acts as. */
    String caller() {
        return token.userId();
    }

    boolean isBot() {
        return token.type() == TokenType.BOT;
    }

    boolean has(String scope) {
        return token.scopes().contains(scope);
    }

    /** Fails with {@code missing_scope}, naming what was needed and what the token has, unless it has the scope. */
    void require(String scope) {
        if (!has(scope)) {
            throw SlackError.missingScope(scope, new TreeSet<>(token.scopes()));
        }
    }

    /**
     * The conversation named by the argument (an id, or a channel name with or without {@code #}) if the caller can
     * see it; {@code channel_not_found} otherwise, as Slack hides what a token cannot see.
     */
    Conversation conversation(String argument) {
        String ref = args.required(argument, "channel_not_found");
        return workspace.conversation(ref)
                .or(() -> workspace.channelNamed(ref.startsWith("#") ? ref.substring(1) : ref))
                .filter(c -> c.visibleTo(caller()))
                .orElseThrow(() -> new SlackError("channel_not_found"));
    }

    StoredMessage message(Conversation c, String argument) {
        return args.string(argument).flatMap(c::message).orElseThrow(() -> new SlackError("message_not_found"));
    }
}
