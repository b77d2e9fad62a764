package dev.mxbridge.testkit.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parse_mode=HTML}: the tags and character references the Bot API documents ("HTML style"), with the real
 * server's error for a tag it does not support or an unclosed one. Offsets count UTF-16 code units.
 */
final class HtmlText {
    private static final Map<String, String> SIMPLE = Map.ofEntries(Map.entry("b", "bold"),
            Map.entry("strong", "bold"), Map.entry("i", "italic"), Map.entry("em", "italic"),
            Map.entry("u", "underline"), Map.entry("ins", "underline"), Map.entry("s", "strikethrough"),
            Map.entry("strike", "strikethrough"), Map.entry("del", "strikethrough"), Map.entry("tg-spoiler", "spoiler"),
            Map.entry("code", "code"), Map.entry("pre", "pre"), Map.entry("blockquote", "blockquote"),
            Map.entry("span", "spoiler"), Map.entry("a", "text_link"), Map.entry("tg-emoji", "custom_emoji"));
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");
    private static final Pattern MENTION_URL = Pattern.compile("tg://user\\?id=(\\d+)");

    private record Open(String tag, int offset, Map<String, String> attributes) {
    }

    private HtmlText() {
    }

    /** @param users the user object for a {@code tg://user?id=} link, if the id is known */
    static ParsedText parse(String html, LongFunction<ObjectNode> users) {
        StringBuilder text = new StringBuilder();
        List<ObjectNode> entities = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    throw error("Unclosed start tag at byte offset " + byteOffset(html, i));
                }
                String tag = html.substring(i + 1, end).trim();
                if (tag.startsWith("/")) {
                    close(tag.substring(1).trim().toLowerCase(Locale.ROOT), open, text, entities, users, html, i);
                } else {
                    open.push(start(tag, text.length(), html, i));
                }
                i = end + 1;
            } else if (c == '&') {
                int semicolon = html.indexOf(';', i);
                String decoded = semicolon < 0 ? null : decodeReference(html.substring(i + 1, semicolon));
                if (decoded == null) {
                    text.append(c);
                    i++;
                } else {
                    text.append(decoded);
                    i = semicolon + 1;
                }
            } else {
                text.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end tag corresponding to start tag \"" + open.peek().tag() + "\"");
        }
        return new ParsedText(text.toString(), entities);
    }

    private static Open start(String tag, int offset, String html, int at) {
        int space = 0;
        while (space < tag.length() && !Character.isWhitespace(tag.charAt(space))) {
            space++;
        }
        String name = tag.substring(0, space).toLowerCase(Locale.ROOT);
        if (!SIMPLE.containsKey(name)) {
            throw error("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, at));
        }
        Map<String, String> attributes = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag.substring(space));
        while (m.find()) {
            String value = m.group(2) == null ? "" : m.group(2);
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            attributes.put(m.group(1).toLowerCase(Locale.ROOT), decodeAll(value));
        }
        if (name.equals("span") && !"tg-spoiler".equals(attributes.get("class"))) {
            throw error("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + byteOffset(html, at));
        }
        return new Open(name, offset, attributes);
    }

    private static void close(String name, Deque<Open> open, StringBuilder text, List<ObjectNode> entities,
                              LongFunction<ObjectNode> users, String html, int at) {
        if (open.isEmpty()) {
            throw error("Unexpected end tag at byte offset " + byteOffset(html, at));
        }
        Open tag = open.pop();
        if (!tag.tag().equals(name)) {
            throw error("Unmatched end tag at byte offset " + byteOffset(html, at) + ", expected \"</" + tag.tag()
                    + ">\", found \"</" + name + ">\"");
        }
        int length = text.length() - tag.offset();
        if (length == 0) {
            return;
        }
        String type = SIMPLE.get(name);
        if (name.equals("code") && !open.isEmpty() && open.peek().tag().equals("pre")) {
            String language = tag.attributes().getOrDefault("class", "");
            if (language.startsWith("language-")) {
                Open pre = open.pop();
                Map<String, String> attributes = new HashMap<>(pre.attributes());
                attributes.put("language", language.substring("language-".length()));
                open.push(new Open(pre.tag(), pre.offset(), attributes));
            }
            return; // the pre entity covers it
        }
        ObjectNode entity = ParsedText.entity(type, tag.offset(), length);
        switch (name) {
            case "a" -> {
                String href = tag.attributes().getOrDefault("href", "");
                Matcher mention = MENTION_URL.matcher(href);
                if (mention.matches()) {
                    entity.put("type", "text_mention");
                    entity.set("user", users.apply(Long.parseLong(mention.group(1))));
                } else {
                    entity.put("url", href);
                }
            }
            case "pre" -> {
                if (tag.attributes().containsKey("language")) {
                    entity.put("language", tag.attributes().get("language"));
                }
            }
            case "blockquote" -> {
                if (tag.attributes().containsKey("expandable")) {
                    entity.put("type", "expandable_blockquote");
                }
            }
            case "tg-emoji" -> entity.put("custom_emoji_id", tag.attributes().getOrDefault("emoji-id", ""));
            default -> {
            }
        }
        entities.add(entity);
    }

    private static String decodeReference(String name) {
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            default -> {
                try {
                    if (name.startsWith("#x") || name.startsWith("#X")) {
                        yield Character.toString(Integer.parseInt(name.substring(2), 16));
                    } else if (name.startsWith("#")) {
                        yield Character.toString(Integer.parseInt(name.substring(1)));
                    }
                } catch (IllegalArgumentException e) {
                    // not a character reference: kept as text, as Telegram keeps unknown references
                }
                yield null;
            }
        };
    }

    private static String decodeAll(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int semicolon = value.indexOf(';', i);
            String decoded = value.charAt(i) == '&' && semicolon > 0 ? decodeReference(value.substring(i + 1, semicolon))
                    : null;
            if (decoded != null) {
                out.append(decoded);
                i = semicolon + 1;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    private static int byteOffset(String html, int charIndex) {
        return html.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static ApiError error(String what) {
        return ApiError.badRequest("can't parse entities: " + what);
    }
}
