package dev.mxbridge.core.appservice;

import dev.mxbridge.core.registration.Tokens;
import io.javalin.http.Context;

/**
 * The hs_token check of the spec's "Authorization" section: a {@code Bearer} header, or the legacy
 * {@code access_token} query parameter; when both are present both must match. Compared in constant time.
 */
final class Authorization {
    private final String hsToken;

    Authorization(String hsToken) {
        this.hsToken = hsToken;
    }

    /** Whether the request may pass; if not, the error response has been written. */
    boolean check(Context ctx) {
        String header = ctx.header("Authorization");
        String bearer = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                MatrixError.send(ctx, 401, "M_UNAUTHORIZED", "Authorization header must be 'Bearer <hs_token>'");
                return false;
            }
            bearer = header.substring(7).trim();
        }
        String query = ctx.queryParam("access_token");
        if (bearer == null && query == null) {
            MatrixError.send(ctx, 401, "M_UNAUTHORIZED", "Missing hs_token");
            return false;
        }
        boolean ok = (bearer == null || Tokens.matches(hsToken, bearer)) & (query == null || Tokens.matches(hsToken, query));
        if (!ok) {
            MatrixError.send(ctx, 403, "M_FORBIDDEN", "Bad hs_token");
        }
        return ok;
    }
}
