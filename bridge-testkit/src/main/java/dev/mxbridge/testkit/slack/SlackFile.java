package dev.mxbridge.testkit.slack;

/**
 * A file uploaded to the fake workspace.
 *
 * @param urlPrivate where the fake serves it, to requests with a token that has {@code files:read}
 * @param user       the uploader
 */
public record SlackFile(String id, String name, String title, String mimetype, long size, String user,
                        String urlPrivate) {
}
