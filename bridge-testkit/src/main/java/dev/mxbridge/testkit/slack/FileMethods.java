package dev.mxbridge.testkit.slack;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Files the way Slack takes them since {@code files.upload} was retired: {@code files.getUploadURLExternal} hands out
 * an upload URL and a file id, the client POSTs the bytes there (raw, or as a multipart form), and
 * {@code files.completeUploadExternal} finishes the upload and shares the file as a {@code file_share} message. Files
 * are served at their {@code url_private} to requests that carry a token with {@code files:read} as a Bearer header;
 * without one the fake redirects to an HTML sign-in page, as Slack does - a bridge that forgets the header downloads
 * HTML, not the file.
 */
final class FileMethods {
    private static final Set<TokenType> BOT_OR_USER = Set.of(TokenType.BOT, TokenType.USER);

    private final Workspace workspace;
    private final Tokens tokens;
    private final Map<String, Upload> uploads = new HashMap<>();

    FileMethods(Workspace workspace, Tokens tokens) {
        this.workspace = workspace;
        this.tokens = tokens;
    }

    void register(WebApi api) {
        api.register("files.getUploadURLExternal", BOT_OR_USER, this::uploadUrl);
        api.register("files.completeUploadExternal", BOT_OR_USER, this::complete);
    }

    private ObjectNode uploadUrl(Call call) {
        call.require("files:write");
        String filename = call.args().string("filename")
                .orElseThrow(() -> SlackError.invalidArguments("missing required field: filename"));
        int length = call.args().integer("length", -1);
        if (length < 0) {
            throw SlackError.invalidArguments("missing required field: length");
        }
        String fileId = workspace.ids.next("F");
        String key = UUID.randomUUID().toString().replace("-", "");
        uploads.put(key, new Upload(fileId, filename, call.caller()));
        return Json.ok().put("upload_url", workspace.render.baseUrl() + "upload/v1/" + key).put("file_id", fileId);
    }

    /** {@code POST /upload/v1/{key}}: the bytes of a file, raw or as the first file of a multipart form. */
    void receive(Context ctx) {
        byte[] bytes;
        List<UploadedFile> parts = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT).startsWith("multipart/")
                ? ctx.uploadedFiles() : List.of();
        if (parts.isEmpty()) {
            bytes = ctx.bodyAsBytes();
        } else {
            try (InputStream in = parts.getFirst().content()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        synchronized (workspace) {
            Upload upload = uploads.get(ctx.pathParam("key"));
            if (upload == null) {
                ctx.status(404).result("Not Found");
                return;
            }
            upload.bytes = bytes;
        }
        ctx.status(200).contentType("text/plain").result("OK - " + bytes.length);
    }

    private ObjectNode complete(Call call) {
        call.require("files:write");
        JsonNode files = call.args().json("files", "invalid_arguments")
                .filter(JsonNode::isArray).orElseThrow(() -> SlackError.invalidArguments("missing required field: files"));
        Optional<Conversation> channel = call.args().string("channel_id").or(() -> call.args().string("channels")
                .map(list -> list.split(",")[0])).map(id -> shareTarget(call, id));
        List<StoredFile> completed = new ArrayList<>();
        for (JsonNode entry : files) {
            String id = entry.path("id").asString("");
            Map.Entry<String, Upload> found = uploads.entrySet().stream()
                    .filter(e -> e.getValue().fileId.equals(id) && e.getValue().bytes != null).findFirst()
                    .orElseThrow(() -> new SlackError("file_not_found"));
            Upload upload = found.getValue();
            String title = entry.path("title").asString(upload.filename);
            completed.add(new StoredFile(id, upload.filename, title, mimetype(upload.filename), upload.user,
                    Instant.now().getEpochSecond(), upload.bytes));
            uploads.remove(found.getKey());
        }
        completed.forEach(f -> workspace.files.put(f.id(), f));
        channel.ifPresent(c -> {
            StoredMessage m = workspace.newMessage(c, call.caller(), call.isBot() ? workspace.app.botId() : null,
                    call.args().string("initial_comment").orElse(""));
            m.subtype = "file_share";
            completed.forEach(f -> m.fileIds.add(f.id()));
            call.args().string("thread_ts").filter(Ids::isTs).ifPresent(ts -> m.threadTs = ts);
            workspace.post(c, m);
        });
        ObjectNode answer = Json.ok();
        ArrayNode list = answer.putArray("files");
        completed.forEach(f -> list.addObject().put("id", f.id()).put("title", f.title()));
        return answer;
    }

    private static Conversation shareTarget(Call call, String id) {
        Conversation c = call.workspace().conversation(id).filter(x -> x.visibleTo(call.caller()))
                .orElseThrow(() -> new SlackError("channel_not_found"));
        if (!c.members.contains(call.caller())) {
            throw new SlackError("not_in_channel");
        }
        return c;
    }

    /** {@code GET /files-pri/{team}-{file}/[download/]{name}}. */
    void download(Context ctx) {
        String header = String.valueOf(ctx.header("Authorization"));
        String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        boolean allowed;
        try {
            allowed = tokens.authenticate(Optional.of(token), BOT_OR_USER).scopes().contains("files:read");
        } catch (SlackError e) {
            allowed = false;
        }
        String ref = ctx.pathParam("ref");
        StoredFile file;
        synchronized (workspace) {
            file = workspace.files.get(ref.substring(ref.indexOf('-') + 1));
        }
        if (!allowed) {
            ctx.redirect(workspace.render.baseUrl() + "?redir=" + ctx.path());
        } else if (file == null) {
            ctx.status(404).result("file not found");
        } else {
            ctx.contentType(file.mimetype()).header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
                    .result(file.bytes());
        }
    }

    static String mimetype(String filename) {
        return Optional.ofNullable(URLConnection.guessContentTypeFromName(filename)).orElse("application/octet-stream");
    }

    /** An upload between its URL being issued and its completion. */
    private static final class Upload {
        final String fileId;
        final String filename;
        final String user;
        byte[] bytes;

        Upload(String fileId, String filename, String user) {
            this.fileId = fileId;
            this.filename = filename;
            this.user = user;
        }
    }
}
