package dev.mxbridge.slack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens that stopped working, told to whoever can fix it rather than failing quietly: Slack answers
 * {@code invalid_auth}, {@code token_revoked}, {@code token_expired}, {@code account_inactive} or {@code not_authed}
 * for a dead token and {@code missing_scope} for a missing grant, and sends {@code tokens_revoked} or
 * {@code app_uninstalled}. A user's token: a notice to that Matrix user. The bot token: a notice to the bridge's
 * admins (the user ids with {@code admin} in {@code bridge.permissions}), and the bridge counts as unhealthy
 * ({@link #botProblem()}, the gauge {@code slack_bot_token_ok}). Each problem is told once per token.
 *
 * <p>Thread-safe.
 */
final class TokenWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TokenWatch.class);
    /** Slack's answers for a token that no longer works at all. */
    static final Set<String> DEAD = Set.of("invalid_auth", "token_revoked", "token_expired", "account_inactive", "not_authed");

    private final Notices notices;
    private final List<String> admins;
    private final AtomicReference<Optional<String>> botProblem = new AtomicReference<>(Optional.empty());
    /** What was told already, per owner ({@code ""} for the bot). */
    private final Map<String, Set<String>> told = new ConcurrentHashMap<>();

    TokenWatch(Notices notices, List<String> admins) {
        this.notices = notices;
        this.admins = List.copyOf(admins);
    }

    /** Whether Slack's error is one this watch reports. */
    static boolean reported(String error) {
        return DEAD.contains(error) || "missing_scope".equals(error);
    }

    /**
     * Slack refused a call for a token's sake.
     *
     * @param owner  the Matrix user whose token it is; empty for the bot token
     * @param needed for {@code missing_scope}, the scope Slack named
     */
    void refused(Optional<String> owner, String method, String error, Optional<String> needed) {
        boolean dead = DEAD.contains(error);
        String problem = dead ? "Slack answered " + error : "Slack refused " + method + " for want of the scope "
                + needed.orElse("(not named)");
        if (!firstTime(owner.orElse(""), dead ? "dead" : problem)) {
            return;
        }
        if (owner.isPresent()) {
            LOG.warn("the Slack token of {} {}: {}", owner.get(), dead ? "stopped working" : "lacks a scope", problem);
            notices.tell(owner.get(), dead
                    ? "Your Slack login stopped working (" + problem + "): your messages are not bridged as you until you log in again with login."
                    : "Your Slack login lacks a permission (" + problem + "): log in again with login to grant it.");
            return;
        }
        if (dead) {
            botProblem.set(Optional.of(problem));
        }
        LOG.error("the Slack bot token {}: {}", dead ? "stopped working" : "lacks a scope", problem);
        String text = dead
                ? "The Slack bridge's bot token stopped working (" + problem + "): nothing is bridged to or from Slack until "
                  + "the app is reinstalled and network.bot_token replaced."
                : "The Slack bridge's bot lacks a scope (" + problem + "): add it to the app's bot scopes and reinstall the app.";
        admins.forEach(admin -> notices.tell(admin, text));
    }

    /** {@code tokens_revoked}: the bot's token, users' tokens (their Matrix users, where logged in). */
    void revoked(boolean bot, List<String> users) {
        if (bot) {
            refused(Optional.empty(), "tokens_revoked", "token_revoked", Optional.empty());
        }
        users.forEach(user -> refused(Optional.of(user), "tokens_revoked", "token_revoked", Optional.empty()));
    }

    /** Whether a Matrix user's token is known to be dead (until they log in again). */
    boolean dead(String matrixUser) {
        return told.getOrDefault(matrixUser, Set.of()).contains("dead");
    }

    /** A user logged in again: tell them of a new problem again. */
    void renewed(String matrixUser) {
        told.remove(matrixUser);
    }

    /** Why the bot token does not work, if it does not. */
    Optional<String> botProblem() {
        return botProblem.get();
    }

    private boolean firstTime(String owner, String problem) {
        return told.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(problem);
    }
}
