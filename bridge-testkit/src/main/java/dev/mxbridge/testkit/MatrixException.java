package dev.mxbridge.testkit;

import java.util.Optional;

/**
 * A Client-Server API request answered with an error status. Carries what the homeserver said, so that a test can
 * assert on it ({@code assertThat(e.errcode()).contains("M_FORBIDDEN")}) and a failure message shows it.
 */
public final class MatrixException extends TestKitException {
    private final int status;
    private final String errcode;
    private final String body;

    MatrixException(String request, int status, String errcode, String error, String body) {
        super(request + " answered " + status + (errcode == null ? "" : " " + errcode)
                + (error == null ? "" : ": " + error) + (errcode == null ? ": " + body : ""));
        this.status = status;
        this.errcode = errcode;
        this.body = body;
    }

    /** The HTTP status, e.g. 403. */
    public int status() {
        return status;
    }

    /** The Matrix error code, e.g. {@code M_FORBIDDEN}; empty if the body was not a Matrix error. */
    public Optional<String> errcode() {
        return Optional.ofNullable(errcode);
    }

    /** The response body as received. */
    public String body() {
        return body;
    }
}
