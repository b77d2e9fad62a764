package dev.mxbridge.slack;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Files the bridge shared, waiting for their message: {@code files.completeUploadExternal} does not say which
 * message shares the file, the {@code file_share} event does, so a send waits here for the event's {@code ts} (the id
 * later edits, deletions and reactions refer to). Thread-safe.
 */
final class OwnUploads {
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    /** Call before completing the upload, so that an event arriving first is not missed. */
    void expect(String fileId) {
        pending.computeIfAbsent(fileId, id -> new CompletableFuture<>());
    }

    /** The share message of an upload of ours arrived. */
    void shared(String fileId, String ts) {
        pending.computeIfAbsent(fileId, id -> new CompletableFuture<>()).complete(ts);
    }

    /** Whether a file is one the bridge is sharing right now (a puppet's upload coming back as its user's message). */
    boolean expected(String fileId) {
        return pending.containsKey(fileId);
    }

    /** The share message's ts, if its event arrives within {@code wait}. */
    Optional<String> await(String fileId, Duration wait) {
        CompletableFuture<String> share = pending.computeIfAbsent(fileId, id -> new CompletableFuture<>());
        try {
            return Optional.of(share.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            pending.remove(fileId);
        }
    }
}
