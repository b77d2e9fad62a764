package dev.mxbridge.testkit.telegram;

/**
 * A file on the fake's file host. Every size of a photo serves the uploaded bytes: the fake does not re-encode.
 *
 * @param path the {@code file_path} under {@code /file/bot<token>/}
 * @param size the {@code file_size}, normally the length of {@code bytes}
 */
record StoredFile(String fileId, String uniqueId, String path, byte[] bytes, long size, String fileName,
                  String mimeType, int width, int height) {
}
