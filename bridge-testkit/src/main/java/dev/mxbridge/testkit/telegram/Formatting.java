package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Message text and captions with their entities: parsed from a bot's {@code parse_mode} or {@code entities}, or
 * built from a test user's {@link Entity} list; then, as Telegram does, mentions, bot commands, hashtags and URLs are
 * found in the text and added where no explicit entity already covers them.
 */
final class Formatting {
    static final int MAX_TEXT = 4096;
    static final int MAX_CAPTION = 1024;
    private static final Pattern AUTO = Pattern.compile(
            "(?<command>(?<![^\\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@]))"
                    + "|(?<mention>(?<![\\w@])@[A-Za-z0-9_]{3,32}(?![\\w@]))"
                    + "|(?<url>https?://[^\\s<>\"]+[^\\s<>\".,;:!?)'\\]])"
                    + "|(?<hashtag>(?<![\\w#])#[\\p{L}_][\\p{L}\\p{N}_]*)");
    /** Entities inside which Telegram finds nothing more. */
    private static final Set<String> OPAQUE = Set.of("code", "pre", "text_link", "text_mention", "url", "mention",
            "bot_command", "hashtag", "cashtag", "email", "phone_number", "custom_emoji");

    private final World world;
    private final Render render;

    Formatting(World world, Render render) {
        this.world = world;
        this.render = render;
    }

    /** A bot's text: {@code entities} if given, else {@code parse_mode}, else plain. */
    ParsedText fromBot(String text, String parseMode, Optional<JsonNode> entities) {
        ParsedText parsed;
        if (entities.isPresent() && entities.get().isArray() && !entities.get().isEmpty()) {
            List<ObjectNode> list = new ArrayList<>();
            for (JsonNode e : entities.get()) {
                list.add(checkEntity(e, text.length()));
            }
            parsed = new ParsedText(text, list);
        } else {
            parsed = switch (parseMode) {
                case "" -> new ParsedText(text, List.of());
                case "HTML", "html" -> HtmlText.parse(text, this::mentionedUser);
                case "MarkdownV2", "markdownv2" -> MarkdownText.parseV2(text, this::mentionedUser);
                case "Markdown", "markdown" -> MarkdownText.parseLegacy(text, this::mentionedUser);
                default -> throw ApiError.badRequest("unsupported parse_mode");
            };
        }
        return withAutomatic(parsed);
    }

    /** A test user's text and entities. */
    ParsedText fromUser(String text, List<Entity> entities) {
        List<ObjectNode> list = new ArrayList<>();
        for (Entity e : entities) {
            if (e.end() > text.length()) {
                throw new IllegalArgumentException("entity " + e + " runs past the text's " + text.length() + " chars");
            }
            ObjectNode json = ParsedText.entity(e.type(), e.offset(), e.length());
            e.url().ifPresent(url -> json.put("url", url));
            e.userId().ifPresent(id -> json.set("user", render.user(world.user(id))));
            e.language().ifPresent(language -> json.put("language", language));
            list.add(json);
        }
        return withAutomatic(new ParsedText(text, list));
    }

    static ParsedText withAutomatic(ParsedText parsed) {
        List<ObjectNode> entities = new ArrayList<>(parsed.entities());
        Matcher m = AUTO.matcher(parsed.text());
        while (m.find()) {
            String type = m.group("command") != null ? "bot_command" : m.group("mention") != null ? "mention"
                    : m.group("url") != null ? "url" : "hashtag";
            int start = m.start();
            int end = m.end();
            boolean covered = parsed.entities().stream().anyMatch(e -> OPAQUE.contains(e.get("type").asString())
                    && e.get("offset").asInt() < end && start < e.get("offset").asInt() + e.get("length").asInt());
            if (!covered) {
                entities.add(ParsedText.entity(type, start, end - start));
            }
        }
        return new ParsedText(parsed.text(), entities);
    }

    /** Writes {@code text}/{@code entities} (or {@code caption}/{@code caption_entities}) into a message. */
    static void put(ObjectNode content, String textField, String entitiesField, ParsedText parsed) {
        content.put(textField, parsed.text());
        if (!parsed.entities().isEmpty()) {
            parsed.entities().forEach(content.putArray(entitiesField)::add);
        }
    }

    private ObjectNode checkEntity(JsonNode e, int textLength) {
        if (!e.isObject() || !e.path("type").isString() || !e.path("offset").canConvertToInt()
                || !e.path("length").canConvertToInt()) {
            throw ApiError.badRequest("can't parse entities JSON object");
        }
        ObjectNode json = ParsedText.entity(e.get("type").asString(), e.get("offset").asInt(), e.get("length").asInt());
        for (String extra : List.of("url", "language", "custom_emoji_id")) {
            if (e.path(extra).isString()) {
                json.put(extra, e.get(extra).asString());
            }
        }
        if (e.path("user").path("id").canConvertToLong()) {
            json.set("user", mentionedUser(e.get("user").get("id").asLong()));
        }
        if (json.get("offset").asInt() < 0 || json.get("offset").asInt() + json.get("length").asInt() > textLength) {
            throw ApiError.badRequest("can't parse entities: entity beyond the end of text"); // the fake's wording
        }
        return json;
    }

    private ObjectNode mentionedUser(long id) {
        UserState user = world.users.get(id);
        if (user == null) {
            throw ApiError.badRequest("can't parse entities: user not found");
        }
        return render.user(user);
    }
}
