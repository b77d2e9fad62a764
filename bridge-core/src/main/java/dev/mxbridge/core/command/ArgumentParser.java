package dev.mxbridge.core.command;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits the text after a command name into {@link Arguments}. Words are separated by whitespace, line breaks
 * included; a word starting with {@code "} runs to the next unescaped {@code "} and may hold spaces and line breaks
 * ({@code \"} and {@code \\} are the only escapes). A rest-of-line argument is the remaining text verbatim.
 */
final class ArgumentParser {
    private final String text;
    private int pos;

    private ArgumentParser(String text) {
        this.text = text;
    }

    static Arguments parse(List<Arg> spec, String text) {
        return new ArgumentParser(text).parse(spec);
    }

    /** Whether {@code c} separates words; includes the no-break space some clients insert. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private Arguments parse(List<Arg> spec) {
        Set<String> declared = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        for (Arg arg : spec) {
            declared.add(arg.name());
            skipSpace();
            if (pos == text.length()) {
                if (arg.required()) {
                    throw new UsageException("Missing " + arg.usage() + ".");
                }
                continue;
            }
            if (arg.rest()) {
                values.put(arg.name(), text.substring(pos));
                pos = text.length();
            } else {
                values.put(arg.name(), word());
            }
        }
        skipSpace();
        if (pos < text.length()) {
            throw new UsageException("Too many arguments.");
        }
        return new Arguments(declared, values);
    }

    private void skipSpace() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private String word() {
        int start = pos;
        if (text.charAt(pos) != '"') {
            while (pos < text.length() && !isSpace(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }
        StringBuilder word = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && !isSpace(text.charAt(pos))) {
                    throw new UsageException("Put a space after a closing quote.");
                }
                return word.toString();
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                c = text.charAt(pos++);
            }
            word.append(c);
        }
        throw new UsageException("A quote is not closed.");
    }
}
