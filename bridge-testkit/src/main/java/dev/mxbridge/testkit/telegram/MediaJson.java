package dev.mxbridge.testkit.telegram;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Writes a file message's media field ({@code photo}, {@code document}, {@code voice}...) as the Bot API does. */
final class MediaJson {
    private final Render render;
    private final FileStore files;

    MediaJson(Render render, FileStore files) {
        this.render = render;
        this.files = files;
    }

    /** Stores new bytes as a file of this kind; a photo becomes its sizes. */
    List<StoredFile> store(MediaKind kind, byte[] bytes, String fileName, String declaredType) {
        if (kind == MediaKind.PHOTO) {
            return files.photo(bytes);
        }
        String mimeType = switch (kind) {
            case VOICE -> "audio/ogg";
            case VIDEO_NOTE -> "video/mp4";
            case STICKER -> stickerType(fileName, declaredType);
            default -> MediaKind.mimeType(fileName, declaredType);
        };
        return List.of(files.store(kind.directory, bytes, fileName, mimeType, 0, 0));
    }

    /** Adds the media field to a message's content. {@code file} is the photo's sizes for a photo. */
    void put(ObjectNode content, MediaKind kind, List<StoredFile> file, MediaAttributes a) {
        if (kind == MediaKind.PHOTO) {
            content.set("photo", render.photo(file));
            return;
        }
        StoredFile f = file.getLast();
        ObjectNode json = render.fileBase(f);
        switch (kind) {
            case DOCUMENT -> named(json, f);
            case VOICE -> {
                json.put("duration", a.duration());
                json.put("mime_type", f.mimeType());
            }
            case AUDIO -> {
                json.put("duration", a.duration());
                putIfSet(json, "performer", a.performer());
                putIfSet(json, "title", a.title());
                named(json, f);
            }
            case VIDEO, ANIMATION -> {
                json.put("width", a.width());
                json.put("height", a.height());
                json.put("duration", a.duration());
                named(json, f);
            }
            case VIDEO_NOTE -> {
                json.put("length", a.width());
                json.put("duration", a.duration());
            }
            case STICKER -> {
                json.put("type", "regular");
                json.put("width", a.width() == 0 ? 512 : a.width());
                json.put("height", a.height() == 0 ? 512 : a.height());
                json.put("is_animated", f.mimeType().equals("application/x-tgsticker"));
                json.put("is_video", f.mimeType().equals("video/webm"));
                putIfSet(json, "emoji", a.emoji());
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        content.set(kind.field, json);
        if (kind == MediaKind.ANIMATION) {
            ObjectNode document = render.fileBase(f);
            named(document, f);
            content.set("document", document); // "for backward compatibility" the Bot API sets both
        }
    }

    private static String stickerType(String fileName, String declared) {
        String type = MediaKind.mimeType(fileName, declared);
        return type.equals("application/x-tgsticker") || type.equals("video/webm") ? type : "image/webp";
    }

    private static void named(ObjectNode json, StoredFile f) {
        putIfSet(json, "file_name", f.fileName());
        putIfSet(json, "mime_type", f.mimeType());
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (!value.isEmpty()) {
            json.put(field, value);
        }
    }
}
