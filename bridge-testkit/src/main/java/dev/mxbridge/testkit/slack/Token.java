package dev.mxbridge.testkit.slack;

import java.util.Set;

/**
 * A token the fake issued.
 *
 * @param userId the user it acts as: the bot user for bot tokens, the granting user for user tokens, the bot user for
 *               app-level tokens (which act as no one, but are owned by the app)
 */
record Token(String value, TokenType type, String userId, Set<String> scopes) {
    Token {
        scopes = Set.copyOf(scopes);
    }
}
