package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sendMessage}, the file {@code send*} methods, {@code sendMediaGroup}, {@code sendLocation},
 * {@code sendVenue}, {@code sendContact} and {@code sendChatAction}. A file comes as a multipart part (named by
 * {@code attach://<name>} or by the parameter itself) or as a file id; HTTP URLs are not fetched.
 */
final class SendMethods {
    private final World world;
    private final Render render;
    private final Formatting formatting;
    private final Outbox outbox;
    private final ChatAccess access;
    private final MediaJson media;

    SendMethods(World world, Render render, Formatting formatting, Outbox outbox, ChatAccess access) {
        this.world = world;
        this.render = render;
        this.formatting = formatting;
        this.outbox = outbox;
        this.access = access;
        this.media = new MediaJson(render, world.files);
    }

    void register(Map<String, ApiMethod> methods) {
        methods.put("sendmessage", this::sendMessage);
        methods.put("sendphoto", (bot, p) -> sendFile(bot, p, MediaKind.PHOTO));
        methods.put("senddocument", (bot, p) -> sendFile(bot, p, MediaKind.DOCUMENT));
        methods.put("sendvoice", (bot, p) -> sendFile(bot, p, MediaKind.VOICE));
        methods.put("sendaudio", (bot, p) -> sendFile(bot, p, MediaKind.AUDIO));
        methods.put("sendvideo", (bot, p) -> sendFile(bot, p, MediaKind.VIDEO));
        methods.put("sendvideonote", (bot, p) -> sendFile(bot, p, MediaKind.VIDEO_NOTE));
        methods.put("sendanimation", (bot, p) -> sendFile(bot, p, MediaKind.ANIMATION));
        methods.put("sendsticker", (bot, p) -> sendFile(bot, p, MediaKind.STICKER));
        methods.put("sendmediagroup", this::sendMediaGroup);
        methods.put("sendlocation", this::sendLocation);
        methods.put("sendvenue", this::sendVenue);
        methods.put("sendcontact", this::sendContact);
        methods.put("sendchataction", this::sendChatAction);
    }

    private Answer sendMessage(BotState bot, Params p) {
        Outbox.Target target = outbox.target(bot, p);
        if (p.string("text").isEmpty()) {
            throw ApiError.badRequest("message text is empty");
        }
        ParsedText text = formatting.fromBot(p.string("text"), p.string("parse_mode"), p.json("entities", "entities"));
        if (text.text().isBlank()) {
            throw ApiError.badRequest("message text is empty");
        }
        if (text.text().length() > Formatting.MAX_TEXT) {
            throw ApiError.badRequest("message is too long");
        }
        ObjectNode content = Render.object();
        Formatting.put(content, "text", "entities", text);
        p.json("link_preview_options", "link preview options").filter(JsonNode::isObject)
                .ifPresent(options -> content.set("link_preview_options", options));
        inlineKeyboard(p).ifPresent(markup -> content.set("reply_markup", markup));
        return Answer.of(render.message(outbox.append(bot, target, outbox.replyTo(target.chat(), p), content)));
    }

    private Answer sendFile(BotState bot, Params p, MediaKind kind) {
        Outbox.Target target = outbox.target(bot, p);
        List<StoredFile> file = inputFile(p, kind.field, kind);
        ObjectNode content = Render.object();
        media.put(content, kind, file, new MediaAttributes(p.integer("width", p.integer("length", 0)),
                p.integer("height", 0), p.integer("duration", 0), p.string("performer"), p.string("title"),
                p.string("emoji")));
        if (kind != MediaKind.STICKER && kind != MediaKind.VIDEO_NOTE) {
            caption(content, p.string("caption"), p.string("parse_mode"), p.json("caption_entities", "entities"));
        }
        if (p.flag("has_spoiler")) {
            content.put("has_media_spoiler", true);
        }
        inlineKeyboard(p).ifPresent(markup -> content.set("reply_markup", markup));
        return Answer.of(render.message(outbox.append(bot, target, outbox.replyTo(target.chat(), p), content)));
    }

    private Answer sendMediaGroup(BotState bot, Params p) {
        Outbox.Target target = outbox.target(bot, p);
        JsonNode items = p.json("media", "media").orElseThrow(() -> ApiError.badRequest("parameter \"media\" is required"));
        if (!items.isArray()) {
            throw ApiError.badRequest("expected an Array of InputMedia");
        }
        if (items.size() < 2 || items.size() > 10) {
            throw ApiError.badRequest("media must contain 2-10 items"); // the fake's wording
        }
        int replyTo = outbox.replyTo(target.chat(), p);
        List<ObjectNode> contents = new ArrayList<>();
        for (JsonNode item : items) {
            MediaKind kind = switch (item.path("type").asString("")) {
                case "photo" -> MediaKind.PHOTO;
                case "video" -> MediaKind.VIDEO;
                case "document" -> MediaKind.DOCUMENT;
                case "audio" -> MediaKind.AUDIO;
                default -> throw ApiError.badRequest("can't parse InputMedia: unsupported media type \""
                        + item.path("type").asString("") + "\"");
            };
            Params itemParams = Params.of(Map.of(kind.field, item.path("media").asString("")));
            List<StoredFile> file = inputFile(new Params(itemParams.values(), uploads(p)), kind.field, kind);
            ObjectNode content = Render.object();
            media.put(content, kind, file, new MediaAttributes(item.path("width").asInt(0),
                    item.path("height").asInt(0), item.path("duration").asInt(0), item.path("performer").asString(""),
                    item.path("title").asString(""), ""));
            caption(content, item.path("caption").asString(""), item.path("parse_mode").asString(""),
                    Optional.ofNullable(item.get("caption_entities")));
            contents.add(content);
        }
        String groupId = Long.toUnsignedString(UUID.randomUUID().getMostSignificantBits());
        ArrayNode result = Render.array();
        for (int i = 0; i < contents.size(); i++) {
            MessageState message = i == 0 ? outbox.append(bot, target, replyTo, contents.get(i))
                    : outbox.appendUnlimited(bot, target, replyTo, contents.get(i));
            message.mediaGroupId = groupId;
            result.add(render.message(message));
        }
        return Answer.of(result);
    }

    private Answer sendLocation(BotState bot, Params p) {
        Outbox.Target target = outbox.target(bot, p);
        ObjectNode content = Render.object();
        content.set("location", location(p));
        return Answer.of(render.message(outbox.append(bot, target, outbox.replyTo(target.chat(), p), content)));
    }

    private Answer sendVenue(BotState bot, Params p) {
        Outbox.Target target = outbox.target(bot, p);
        ObjectNode location = location(p);
        ObjectNode content = Render.object();
        ObjectNode venue = content.putObject("venue");
        venue.set("location", location);
        venue.put("title", p.get("title").orElseThrow(() -> ApiError.badRequest("title is empty")));
        venue.put("address", p.get("address").orElseThrow(() -> ApiError.badRequest("address is empty")));
        content.set("location", location.deepCopy());
        return Answer.of(render.message(outbox.append(bot, target, outbox.replyTo(target.chat(), p), content)));
    }

    private Answer sendContact(BotState bot, Params p) {
        Outbox.Target target = outbox.target(bot, p);
        ObjectNode content = Render.object();
        ObjectNode contact = content.putObject("contact");
        contact.put("phone_number", p.get("phone_number").orElseThrow(() -> ApiError.badRequest("phone number is empty")));
        contact.put("first_name", p.get("first_name").orElseThrow(() -> ApiError.badRequest("first name is empty")));
        p.get("last_name").ifPresent(v -> contact.put("last_name", v));
        p.get("vcard").ifPresent(v -> contact.put("vcard", v));
        return Answer.of(render.message(outbox.append(bot, target, outbox.replyTo(target.chat(), p), content)));
    }

    private Answer sendChatAction(BotState bot, Params p) {
        if (p.string("business_connection_id").isEmpty()) {
            access.resolve(bot, p, ChatAccess.Access.WRITE);
        } else {
            outbox.target(bot, p); // shown as the account typing: the same rights and window as a reply
        }
        if (p.string("action").isEmpty()) {
            throw ApiError.badRequest("wrong parameter action in request");
        }
        return Answer.ok();
    }

    private static ObjectNode location(Params p) {
        ObjectNode location = Render.object();
        location.put("latitude", coordinate(p, "latitude"));
        location.put("longitude", coordinate(p, "longitude"));
        return location;
    }

    private static double coordinate(Params p, String name) {
        try {
            return Double.parseDouble(p.get(name).orElseThrow(() -> ApiError.badRequest(name + " is empty")));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " is empty");
        }
    }

    /**
     * The file for a parameter, resolved as the real server's {@code get_input_file} does: {@code attach://name}
     * names a part; any other value is a file id (or an HTTP URL, which the fake cannot fetch); no value means a
     * part named like the parameter.
     */
    private List<StoredFile> inputFile(Params p, String field, MediaKind kind) {
        String value = p.string(field);
        Optional<Params.Upload> upload;
        if (value.startsWith("attach://")) {
            upload = p.file(value.substring("attach://".length()));
        } else if (!value.isEmpty()) {
            if (value.startsWith("http://") || value.startsWith("https://")) {
                throw ApiError.badRequest("failed to get HTTP URL content");
            }
            StoredFile known = world.files.byId(value)
                    .orElseThrow(() -> ApiError.badRequest("wrong file identifier/HTTP URL specified"));
            return kind == MediaKind.PHOTO ? world.files.photoOf(known) : List.of(known);
        } else {
            upload = p.file(field);
        }
        Params.Upload file = upload.orElseThrow(() -> ApiError.badRequest("there is no " + kind.spokenName()
                + " in the request"));
        return media.store(kind, file.bytes(), file.fileName(), file.contentType());
    }

    private void caption(ObjectNode content, String caption, String parseMode, Optional<JsonNode> entities) {
        if (caption.isEmpty()) {
            return;
        }
        ParsedText parsed = formatting.fromBot(caption, parseMode, entities);
        if (parsed.text().length() > Formatting.MAX_CAPTION) {
            throw ApiError.badRequest("message caption is too long");
        }
        if (!parsed.text().isEmpty()) {
            Formatting.put(content, "caption", "caption_entities", parsed);
        }
    }

    /** Only inline keyboards are shown on a sent message; other reply markups are not part of it. */
    private static Optional<JsonNode> inlineKeyboard(Params p) {
        return p.json("reply_markup", "reply keyboard markup").filter(m -> m.has("inline_keyboard"));
    }

    private static Map<String, Params.Upload> uploads(Params p) {
        Map<String, Params.Upload> all = new HashMap<>();
        for (String name : p.fileNames()) {
            p.file(name).ifPresent(u -> all.put(name, u));
        }
        return all;
    }
}
