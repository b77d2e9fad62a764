package dev.mxbridge.testkit.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parse_mode=MarkdownV2} and the legacy {@code Markdown}, as the Bot API documents them, with the real
 * server's errors for an unescaped reserved character or an unclosed entity. Offsets count UTF-16 code units.
 */
final class MarkdownText {
    private static final String RESERVED = "_*[]()~`>#+-=|{}.!";
    private static final Pattern MENTION_URL = Pattern.compile("tg://user\\?id=(\\d+)");
    private static final Pattern EMOJI_URL = Pattern.compile("tg://emoji\\?id=(\\d+)");
    private static final Map<String, String> NAMES = Map.of("bold", "Bold", "italic", "Italic", "underline",
            "Underline", "strikethrough", "Strikethrough", "spoiler", "Spoiler", "code", "Code", "pre", "Pre",
            "text_link", "TextUrl", "custom_emoji", "CustomEmoji");

    private record Open(String type, int offset, int byteOffset, String language) {
    }

    private MarkdownText() {
    }

    static ParsedText parseV2(String source, LongFunction<ObjectNode> users) {
        StringBuilder text = new StringBuilder();
        List<ObjectNode> entities = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int quoteStart = -1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            boolean lineStart = i == 0 || source.charAt(i - 1) == '\n';
            if (c == '\\' && i + 1 < source.length() && source.charAt(i + 1) > 0 && source.charAt(i + 1) <= 126) {
                text.append(source.charAt(i + 1));
                i += 2;
                continue;
            }
            String top = open.isEmpty() ? "" : open.peek().type();
            if (top.equals("code") || top.equals("pre")) {
                if (top.equals("code") && c == '`' || top.equals("pre") && source.startsWith("```", i)) {
                    close(open.pop(), text, entities);
                    i += top.equals("pre") ? 3 : 1;
                } else {
                    text.append(c);
                    i++;
                }
                continue;
            }
            if (c == '\n') {
                if (quoteStart >= 0 && (i + 1 >= source.length() || source.charAt(i + 1) != '>')) {
                    addQuote(entities, quoteStart, text.length());
                    quoteStart = -1;
                }
                text.append(c);
                i++;
                continue;
            }
            if (RESERVED.indexOf(c) < 0) {
                text.append(c);
                i++;
                continue;
            }
            int bytes = byteOffset(source, i);
            if (c == '>' && lineStart) {
                if (quoteStart < 0) {
                    quoteStart = text.length();
                }
                i++;
            } else if (c == '`' && source.startsWith("```", i)) {
                int newline = source.indexOf('\n', i + 3);
                String language = newline < 0 ? "" : source.substring(i + 3, newline).trim();
                open.push(new Open("pre", text.length(), bytes, language));
                i = newline < 0 ? i + 3 : newline + 1;
            } else if (c == '`') {
                open.push(new Open("code", text.length(), bytes, ""));
                i++;
            } else if (c == '[' || c == '!' && source.startsWith("![", i)) {
                open.push(new Open(c == '[' ? "text_link" : "custom_emoji", text.length(), bytes, ""));
                i += c == '[' ? 1 : 2;
            } else if (c == ']' && (top.equals("text_link") || top.equals("custom_emoji"))) {
                i = closeLink(source, i, open.pop(), text, entities, users);
            } else if (c == '_' || c == '*' || c == '~' || c == '|' && source.startsWith("||", i)) {
                String type = switch (c) {
                    case '_' -> source.startsWith("__", i) ? "underline" : "italic";
                    case '*' -> "bold";
                    case '~' -> "strikethrough";
                    default -> "spoiler";
                };
                int width = type.equals("underline") || type.equals("spoiler") ? 2 : 1;
                if (top.equals(type)) {
                    close(open.pop(), text, entities);
                } else if (open.stream().anyMatch(o -> o.type().equals(type))) {
                    throw error("Can't find end of " + NAMES.get(top) + " entity at byte offset "
                            + open.peek().byteOffset());
                } else {
                    open.push(new Open(type, text.length(), bytes, ""));
                }
                i += width;
            } else {
                throw error("Character '" + c + "' is reserved and must be escaped with the preceding '\\'");
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end of " + NAMES.get(open.peek().type()) + " entity at byte offset "
                    + open.peek().byteOffset());
        }
        if (quoteStart >= 0) {
            addQuote(entities, quoteStart, text.length());
        }
        return new ParsedText(text.toString(), entities);
    }

    /** The legacy mode: {@code *bold*}, {@code _italic_}, {@code `code`}, {@code ```pre```}, links; no nesting. */
    static ParsedText parseLegacy(String source, LongFunction<ObjectNode> users) {
        StringBuilder text = new StringBuilder();
        List<ObjectNode> entities = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length() && "_*`[".indexOf(source.charAt(i + 1)) >= 0) {
                text.append(source.charAt(i + 1));
                i += 2;
                continue;
            }
            if ("_*`[".indexOf(c) < 0) {
                text.append(c);
                i++;
                continue;
            }
            boolean pre = source.startsWith("```", i);
            String marker = pre ? "```" : c == '[' ? "]" : String.valueOf(c);
            int from = i + (pre ? 3 : 1);
            int end = source.indexOf(marker, from);
            if (end < 0) {
                throw error("Can't find end of the entity starting at byte offset " + byteOffset(source, i));
            }
            int offset = text.length();
            String inner = source.substring(from, end);
            text.append(inner);
            int next = end + marker.length();
            if (c == '[') {
                int close = source.indexOf(')', next);
                if (next >= source.length() || source.charAt(next) != '(' || close < 0) {
                    i = next; // a bracket without a URL is plain text
                    continue;
                }
                addLink(entities, offset, inner.length(), source.substring(next + 1, close), users);
                next = close + 1;
            } else if (!inner.isEmpty()) {
                entities.add(ParsedText.entity(pre ? "pre" : c == '*' ? "bold" : c == '_' ? "italic" : "code",
                        offset, inner.length()));
            }
            i = next;
        }
        return new ParsedText(text.toString(), entities);
    }

    private static int closeLink(String source, int at, Open link, StringBuilder text, List<ObjectNode> entities,
                                 LongFunction<ObjectNode> users) {
        if (at + 1 >= source.length() || source.charAt(at + 1) != '(') {
            throw error("Can't find end of a URL at byte offset " + byteOffset(source, at));
        }
        StringBuilder url = new StringBuilder();
        int i = at + 2;
        while (i < source.length() && source.charAt(i) != ')') {
            if (source.charAt(i) == '\\' && i + 1 < source.length()) {
                i++;
            }
            url.append(source.charAt(i++));
        }
        if (i >= source.length()) {
            throw error("Can't find end of a URL at byte offset " + byteOffset(source, at));
        }
        int length = text.length() - link.offset();
        if (length > 0) {
            if (link.type().equals("custom_emoji")) {
                Matcher emoji = EMOJI_URL.matcher(url);
                ObjectNode entity = ParsedText.entity("custom_emoji", link.offset(), length);
                entity.put("custom_emoji_id", emoji.matches() ? emoji.group(1) : "");
                entities.add(entity);
            } else {
                addLink(entities, link.offset(), length, url.toString(), users);
            }
        }
        return i + 1;
    }

    private static void addLink(List<ObjectNode> entities, int offset, int length, String url,
                                LongFunction<ObjectNode> users) {
        Matcher mention = MENTION_URL.matcher(url);
        ObjectNode entity = ParsedText.entity(mention.matches() ? "text_mention" : "text_link", offset, length);
        if (mention.matches()) {
            entity.set("user", users.apply(Long.parseLong(mention.group(1))));
        } else {
            entity.put("url", url);
        }
        entities.add(entity);
    }

    private static void close(Open entity, StringBuilder text, List<ObjectNode> entities) {
        int length = text.length() - entity.offset();
        if (length > 0) {
            ObjectNode json = ParsedText.entity(entity.type(), entity.offset(), length);
            if (!entity.language().isEmpty()) {
                json.put("language", entity.language());
            }
            entities.add(json);
        }
    }

    private static void addQuote(List<ObjectNode> entities, int start, int end) {
        if (end > start) {
            entities.add(ParsedText.entity("blockquote", start, end - start));
        }
    }

    private static int byteOffset(String source, int charIndex) {
        return source.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static ApiError error(String what) {
        return ApiError.badRequest("can't parse entities: " + what);
    }
}
