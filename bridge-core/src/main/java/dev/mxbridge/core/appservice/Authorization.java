package dev.mxbridge.core.appservice;

import dev.mxbridge.core.registration.Tokens;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The hs_token check of the spec's "Authorization" section: a {@code Bearer} header, or the legacy
 * {@code access_token} query parameter; when both are present both must match. Compared in constant time.
 */
final class Authorization {
    private final String hsToken;

    /** Why a request may not pass: the status and Matrix error to answer with. */
    record Refusal(int status, String errcode, String message) {
    }

    Authorization(String hsToken) {
        this.hsToken = hsToken;
    }

    /** Whether the request may pass; if not, the error response has been written. */
    boolean check(Context ctx) {
        Optional<Refusal> refusal = refusal(ctx.header("Authorization"), ctx.queryParam("access_token"));
        refusal.ifPresent(r -> MatrixError.send(ctx, r.status(), r.errcode(), r.message()));
        return refusal.isEmpty();
    }

    /**
     * Why a request with this {@code Authorization} header and {@code access_token} parameter (each null if absent)
     * may not pass; empty if it may.
     */
    Optional<Refusal> refusal(String header, String query) {
        String bearer = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(new Refusal(401, "M_UNAUTHORIZED", "Authorization header must be 'Bearer <hs_token>'"));
            }
            bearer = header.substring(7).trim();
        }
        if (bearer == null && query == null) {
            return Optional.of(new Refusal(401, "M_UNAUTHORIZED", "Missing hs_token"));
        }
        boolean ok = (bearer == null || Tokens.matches(hsToken, bearer)) & (query == null || Tokens.matches(hsToken, query));
        return ok ? Optional.empty() : Optional.of(new Refusal(403, "M_FORBIDDEN", "Bad hs_token"));
    }
}
