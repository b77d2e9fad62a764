package dev.mxbridge.slack;

import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files both ways. Slack to Matrix: {@code url_private} is downloaded with the bot token ({@code files:read}) and
 * uploaded to the media repository. Matrix to Slack: {@code files.getUploadURLExternal}, the bytes to the upload URL,
 * then {@code files.completeUploadExternal} sharing it in the channel ({@code files.upload} is gone since
 * 2025-11-12). Files over {@code max_file_size} are not copied; a notice names them instead.
 */
final class SlackFiles {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final SlackWeb web;
    private final long maxSize;

    SlackFiles(SlackWeb web, long maxSize) {
        this.web = web;
        this.maxSize = maxSize;
    }

    /** A Slack file as Matrix media, or a notice if it is too large or cannot be fetched. */
    MessageContent toMatrix(tools.jackson.databind.JsonNode file, NetworkContext context) {
        String name = file.path("name").asString("file");
        String mimetype = file.path("mimetype").asString("application/octet-stream");
        long size = file.path("size").asLong(0);
        if (size > maxSize) {
            return notice("shared " + name + " (" + size(size) + "), too large to bridge (the limit is "
                    + size(maxSize) + "): " + file.path("permalink").asString(""));
        }
        HttpResponse<byte[]> answer = get(file.path("url_private").asString(), true);
        if (answer.statusCode() != 200) {
            return notice("shared " + name + ", which the bridge could not download (does the app have files:read?)");
        }
        String mxc = context.upload(answer.body(), mimetype, name);
        return new MessageContent.Media(kind(mimetype), mxc, name, Optional.of(mimetype),
                Optional.of((long) answer.body().length), Optional.empty());
    }

    /** A Slack avatar in the media repository, if it could be fetched. */
    Optional<String> avatar(String url, NetworkContext context) {
        try {
            HttpResponse<byte[]> answer = get(url, false);
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            String type = answer.headers().firstValue("Content-Type").orElse("image/png");
            return Optional.of(context.upload(answer.body(), type, "avatar"));
        } catch (SlackBridgeException e) {
            return Optional.empty();
        }
    }

    /**
     * Shares bytes as a file in a channel (in a thread, with a comment); returns the file id.
     *
     * @param before called with the file id before the share is completed
     */
    String toSlack(byte[] content, String filename, String channel, Optional<String> threadTs, String comment,
                   java.util.function.Consumer<String> before) {
        checkSize(content.length, filename);
        var url = web.call("files.getUploadURLExternal", c -> c.filesGetUploadURLExternal(r -> r.filename(filename).length(content.length)));
        HttpRequest upload = HttpRequest.newBuilder(URI.create(url.getUploadUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        HttpResponse<String> answer = send(upload, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new SlackBridgeException("Slack did not take the file " + filename + " (HTTP " + answer.statusCode() + ")");
        }
        before.accept(url.getFileId());
        FileDetails details = new FileDetails();
        details.setId(url.getFileId());
        details.setTitle(filename);
        web.call("files.completeUploadExternal", c -> c.filesCompleteUploadExternal(r -> r.files(List.of(details))
                .channelId(channel).initialComment(comment.isEmpty() ? null : comment).threadTs(threadTs.orElse(null))));
        return url.getFileId();
    }

    /**
     * Refuses a file larger than the bridge copies to Slack, before anything is fetched or uploaded.
     *
     * @throws SlackBridgeException (final: not retried) naming the file, its size and the limit
     */
    void checkSize(long bytes, String filename) {
        if (bytes > maxSize) {
            throw new Undeliverable(filename + " is " + size(bytes) + ", more than the bridge copies to Slack ("
                    + size(maxSize) + ")");
        }
    }

    /** A byte count for people: {@code 512 bytes}, {@code 20 KB}, {@code 3.5 MB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        double mb = bytes / (1024.0 * 1024.0);
        return (mb < 10 ? String.format(java.util.Locale.ROOT, "%.1f", mb) : Long.toString(Math.round(mb))) + " MB";
    }

    private HttpResponse<byte[]> get(String url, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (withToken) {
            request.header("Authorization", "Bearer " + web.botToken());
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new SlackBridgeException("Slack's file server could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackBridgeException("interrupted while copying a file", e);
        }
    }

    private static MessageContent notice(String text) {
        return new MessageContent.Text(MessageContent.Text.Kind.NOTICE, FormattedText.plain(text));
    }

    static MessageContent.Media.MediaKind kind(String mimetype) {
        String type = mimetype.toLowerCase(Locale.ROOT);
        return type.startsWith("image/") ? MessageContent.Media.MediaKind.IMAGE
                : type.startsWith("video/") ? MessageContent.Media.MediaKind.VIDEO
                : type.startsWith("audio/") ? MessageContent.Media.MediaKind.AUDIO
                : MessageContent.Media.MediaKind.FILE;
    }
}
