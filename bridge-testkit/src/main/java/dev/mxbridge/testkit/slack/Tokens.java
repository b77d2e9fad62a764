package dev.mxbridge.testkit.slack;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens the fake issued and which of them were revoked. Authentication follows Slack's order of answers: no
 * token is {@code not_authed}, one never issued is {@code invalid_auth}, a revoked one is {@code token_revoked}, one of
 * a kind the method does not take is {@code not_allowed_token_type}. Thread-safe.
 */
final class Tokens {
    private final SecureRandom random = new SecureRandom();
    private final String teamId;
    private final Map<String, Token> issued = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    Tokens(String teamId) {
        this.teamId = teamId;
    }

    Token issue(TokenType type, String userId, Set<String> scopes) {
        byte[] secret = new byte[12];
        random.nextBytes(secret);
        String value = type.prefix() + teamId + "-" + userId + "-" + HexFormat.of().formatHex(secret);
        Token token = new Token(value, type, userId, scopes);
        issued.put(value, token);
        return token;
    }

    /** Marks the token revoked; returns it if it was live. */
    Optional<Token> revoke(String value) {
        Token token = issued.get(value);
        if (token == null || !revoked.add(value)) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** Users who granted the app a user token that still works: they receive events from their conversations. */
    List<String> authorizedUsers() {
        return issued.values().stream()
                .filter(t -> t.type() == TokenType.USER && !revoked.contains(t.value()))
                .map(Token::userId).distinct().sorted().toList();
    }

    /** The live user tokens of one user. */
    List<String> liveUserTokens(String userId) {
        return issued.values().stream().filter(t -> t.type() == TokenType.USER && t.userId().equals(userId)
                && !revoked.contains(t.value())).map(Token::value).sorted().toList();
    }

    /** The live token, or the error Slack would answer for it. */
    Token authenticate(Optional<String> value, Set<TokenType> allowed) {
        if (value.isEmpty() || value.get().isBlank()) {
            throw new SlackError("not_authed");
        }
        Token token = issued.get(value.get());
        if (token == null) {
            throw new SlackError("invalid_auth");
        }
        if (revoked.contains(token.value())) {
            throw new SlackError("token_revoked");
        }
        if (!allowed.contains(token.type())) {
            throw new SlackError("not_allowed_token_type");
        }
        return token;
    }
}
