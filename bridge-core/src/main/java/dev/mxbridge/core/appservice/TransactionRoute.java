package dev.mxbridge.core.appservice;

import dev.mxbridge.core.journal.BadTransactionException;
import dev.mxbridge.core.journal.Inbox;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The AS API's busiest route, {@code PUT /_matrix/app/v1/transactions/{txnId}} and its legacy path
 * {@code /transactions/{txnId}}, served by Jetty directly, in front of Javalin's servlet (another method on those
 * paths is 405); every other request goes on to Javalin. It answers as Javalin's route did (the token check, 413 over
 * the body limit, 400 {@code M_NOT_JSON} or {@code M_BAD_JSON}, 408 for a body that trickles in, 500 on a store
 * failure), with a fraction of the code on the path: at a few transactions a second that code runs interpreted for
 * minutes before the JIT compiles it (docs/performance.md, "A Jetty route for transactions").
 *
 * <p>Threading: Jetty calls {@link #handle} on its request threads, which the journal's append blocks, as before.
 */
final class TransactionRoute extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(AppServiceServer.class);
    private static final Logger TRACE = LoggerFactory.getLogger("dev.mxbridge.trace");
    private static final String V1 = "/_matrix/app/v1/transactions/";
    private static final String LEGACY = "/transactions/";
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final Inbox inbox;
    private final Authorization auth;
    private final long maxBodyBytes;
    private final long minBytesPerSecond;

    TransactionRoute(Inbox inbox, Authorization auth, long maxBodyBytes, long minBytesPerSecond) {
        this.inbox = inbox;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String txnId = txnId(Request.getPathInContext(request));
        if (txnId == null) {
            return super.handle(request, response, callback);
        }
        if (!"PUT".equals(request.getMethod())) {
            return error(response, callback, 405, "M_UNRECOGNIZED", "Unsupported method");
        }
        Optional<Authorization.Refusal> refusal = auth.refusal(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                Request.extractQueryParameters(request).getValue("access_token"));
        if (refusal.isPresent()) {
            Authorization.Refusal r = refusal.get();
            return error(response, callback, r.status(), r.errcode(), r.message());
        }
        if (request.getLength() > maxBodyBytes) {
            return tooLarge(response, callback);
        }
        if (TRACE.isDebugEnabled()) {
            long agoMicros = (System.nanoTime() - request.getBeginNanoTime()) / 1_000;
            TRACE.debug("http-begin {} {}", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) - agoMicros, txnId);
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (BodyRefused e) {
            return error(response, callback, e.status, e.status == 413 ? "M_TOO_LARGE" : "M_UNKNOWN", e.getMessage());
        }
        try {
            if (!inbox.accept(txnId, body)) {
                LOG.debug("transaction {} already stored: no-op", txnId);
            }
        } catch (JacksonException e) {
            return error(response, callback, 400, "M_NOT_JSON", "Body is not valid JSON: " + e.getOriginalMessage());
        } catch (BadTransactionException e) {
            return error(response, callback, 400, "M_BAD_JSON", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("PUT {} failed", Request.getPathInContext(request), e);
            return error(response, callback, 500, "M_UNKNOWN", "Internal error");
        }
        return json(response, callback, 200, EMPTY_OBJECT);
    }

    /**
     * Reads the whole body, refusing one over the limit (413) and one that arrives slower than
     * {@code minBytesPerSecond} from its start, after a second's grace (408): Jetty's minimum data rate guards only
     * the servlet's reads.
     */
    private byte[] readBody(Request request) throws BodyRefused, InterruptedException {
        int expected = (int) Math.max(0, Math.min(request.getLength(), Math.min(maxBodyBytes, Integer.MAX_VALUE - 8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(expected);
        long start = System.nanoTime();
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                long allowed = start + GRACE_NANOS + out.size() * 1_000_000_000L / minBytesPerSecond - System.nanoTime();
                CompletableFuture<Void> more = new CompletableFuture<>();
                request.demand(() -> more.complete(null));
                try {
                    more.get(Math.max(0, allowed), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new BodyRefused(408, "Request body slower than " + minBytesPerSecond + " bytes a second");
                } catch (ExecutionException e) {
                    throw new BodyRefused(400, "The body could not be read");
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                LOG.debug("PUT {} from {}: the body could not be read: {}", Request.getPathInContext(request),
                        Request.getRemoteAddr(request), failure.toString());
                throw failure instanceof HttpException limit ? new BodyRefused(limit.getCode(), limit.getReason())
                        : new BodyRefused(400, "The body could not be read");
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            if (out.size() + bytes.remaining() > maxBodyBytes) {
                chunk.release();
                throw new BodyRefused(413, "Request body larger than " + maxBodyBytes + " bytes");
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy, 0, copy.length);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                return out.toByteArray();
            }
        }
    }

    /** A body not taken: the status and why. */
    private static final class BodyRefused extends Exception {
        final int status;

        BodyRefused(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    /** The transaction id of a transactions path, or null if {@code path} is not one. */
    static String txnId(String path) {
        String id = path.startsWith(V1) ? path.substring(V1.length())
                : path.startsWith(LEGACY) ? path.substring(LEGACY.length()) : null;
        return id == null || id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
    }

    private boolean tooLarge(Response response, Callback callback) {
        return error(response, callback, 413, "M_TOO_LARGE", "Request body larger than " + maxBodyBytes + " bytes");
    }

    private static boolean error(Response response, Callback callback, int status, String errcode, String message) {
        return json(response, callback, status, MatrixError.body(errcode, message));
    }

    private static boolean json(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
