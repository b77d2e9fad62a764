package dev.mxbridge.slack;

import dev.mxbridge.core.handler.PermanentFailure;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The synchronous Web API client with the bot token, and one way to call it: an answer that is not {@code ok}
 * becomes a {@link SlackBridgeException} naming the method, the error and (for {@code missing_scope}) the scope to
 * add; HTTP 429 becomes {@link RateLimited} with Slack's {@code Retry-After}. Retrying is the caller's decision
 * (the SDK's own retrying async client keeps an unbounded queue in memory).
 */
final class SlackWeb {
    private final Slack slack;
    private final MethodsClient bot;
    private final String botToken;
    private final TokenWatch watch;
    private final Optional<String> owner;

    /** The bot's client; answers that show the token dead or short of a scope go to {@code watch}. */
    SlackWeb(SlackSettings settings, TokenWatch watch) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setStatsEnabled(false); // with stats on, the SDK calls auth.test by itself for every token
        this.slack = Slack.getInstance(config);
        this.botToken = settings.botToken();
        this.bot = slack.methods(botToken);
        this.watch = watch;
        this.owner = Optional.empty();
    }

    private SlackWeb(Slack slack, String token, TokenWatch watch, Optional<String> owner) {
        this.slack = slack;
        this.botToken = token;
        this.bot = slack.methods(token);
        this.watch = watch;
        this.owner = owner;
    }

    /** The same client acting with a logged-in Matrix user's token; its failures are told to that user. */
    SlackWeb withToken(String token, String matrixUser) {
        return new SlackWeb(slack, token, watch, Optional.of(matrixUser));
    }

    /** A client without a token, for {@code oauth.v2.access}. */
    MethodsClient anonymous() {
        return slack.methods();
    }

    Slack slack() {
        return slack;
    }

    /** The token this client acts with: the bot's, or a user's for {@link #withToken}. */
    String botToken() {
        return botToken;
    }

    /**
     * A Web API call with this client's token. A logged-in user's token that Slack already refused as dead is not
     * tried again: the call fails at once, saying so (the core tells the sender).
     */
    <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        if (owner.isPresent() && watch.dead(owner.get())) {
            throw new Refused("your Slack login stopped working; log in again with login", "token_revoked", Optional.empty());
        }
        try {
            return call(method, bot, call);
        } catch (Refused e) {
            if (TokenWatch.reported(e.error())) {
                watch.refused(owner, method, e.error(), e.needed());
            }
            throw e;
        }
    }

    /** A Web API call with another client (a user token). */
    static <T extends SlackApiTextResponse> T call(String method, MethodsClient client, Call<T> call) {
        T answer;
        try {
            answer = call.on(client);
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                long seconds = Optional.ofNullable(e.getResponse().header("Retry-After")).map(Long::parseLong).orElse(1L);
                throw new RateLimited(method, Duration.ofSeconds(seconds));
            }
            throw new SlackBridgeException("Slack answered " + method + " with HTTP " + e.getResponse().code(), e);
        } catch (IOException e) {
            throw new SlackBridgeException("Slack could not be reached for " + method + ": " + e.getMessage(), e);
        }
        if (!answer.isOk()) {
            String error = answer.getError();
            String needed = "missing_scope".equals(error) && answer.getNeeded() != null
                    ? " (the app needs the scope " + answer.getNeeded() + ")" : "";
            throw new Refused("Slack refused " + method + ": " + error + needed, error, Optional.ofNullable(answer.getNeeded()));
        }
        return answer;
    }

    /**
     * Slack answered {@code ok: false} with {@code error} (and for {@code missing_scope}, the scope it needed). A dead
     * token, a missing scope and a refused message are final: the core tells the sender at once, not after retries.
     */
    static final class Refused extends SlackBridgeException implements PermanentFailure {
        private static final Set<String> FINAL = Set.of("channel_not_found", "is_archived", "msg_too_long", "no_text",
                "message_not_found", "cant_update_message", "cant_delete_message", "edit_window_closed");
        private final String error;
        private final transient Optional<String> needed;

        Refused(String message, String error, Optional<String> needed) {
            super(message);
            this.error = error;
            this.needed = needed;
        }

        String error() {
            return error;
        }

        Optional<String> needed() {
            return needed;
        }

        @Override
        public boolean permanent() {
            return TokenWatch.reported(error) || FINAL.contains(error);
        }
    }

    /** One Web API method call. */
    @FunctionalInterface
    interface Call<T> {
        T on(MethodsClient client) throws IOException, SlackApiException;
    }

    /** Slack answered 429: wait {@code retryAfter} before calling the method again. */
    static final class RateLimited extends SlackBridgeException {
        private final transient Duration retryAfter;

        RateLimited(String method, Duration retryAfter) {
            super("Slack rate-limited " + method + " for " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
