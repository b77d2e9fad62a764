package dev.mxbridge.testkit.telegram;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A {@code multipart/form-data} body split into fields and file parts (RFC 7578), as OkHttp and curl write it. */
final class Multipart {
    private Multipart() {
    }

    static Optional<String> boundary(String contentType) {
        for (String piece : contentType.split(";")) {
            String p = piece.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                return Optional.of(unquote(p.substring("boundary=".length())));
            }
        }
        return Optional.empty();
    }

    /** Adds each part to {@code values} or, when it has a file name, to {@code files}. */
    static void parse(byte[] body, String boundary, Map<String, String> values, Map<String, Params.Upload> files) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw ApiError.badRequest("can't parse multipart/form-data request");
        }
        int position = start + delimiter.length;
        while (position + 1 < body.length && !(body[position] == '-' && body[position + 1] == '-')) {
            position = skipLineEnd(body, position);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), position);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw ApiError.badRequest("can't parse multipart/form-data request");
            }
            String headers = new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            addPart(headers, content, values, files);
            position = next + 2 + delimiter.length;
        }
    }

    private static void addPart(String headers, byte[] content, Map<String, String> values,
                                Map<String, Params.Upload> files) {
        String name = "";
        Optional<String> fileName = Optional.empty();
        String contentType = "application/octet-stream";
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-type")) {
                contentType = value;
            } else if (header.equals("content-disposition")) {
                name = dispositionParam(value, "name").orElse("");
                fileName = dispositionParam(value, "filename");
            }
        }
        if (fileName.isPresent()) {
            files.put(name, new Params.Upload(name, fileName.get(), contentType, content));
        } else {
            values.put(name, new String(content, StandardCharsets.UTF_8));
        }
    }

    private static Optional<String> dispositionParam(String disposition, String param) {
        for (String piece : disposition.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(param)) {
                // OkHttp escapes a quote as %22 and a line break as %0A inside the quoted name
                return Optional.of(unquote(p.substring(eq + 1).trim())
                        .replace("%22", "\"").replace("%0A", "\n").replace("%0D", "\r"));
            }
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static int skipLineEnd(byte[] body, int position) {
        int p = position;
        while (p < body.length && body[p] != '\n') {
            p++;
        }
        return p + 1;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
