package dev.mxbridge.testkit.slack;

import java.util.Locale;

/** An uploaded file and its bytes. Never changed once the upload is completed. */
record StoredFile(String id, String name, String title, String mimetype, String user, long created, byte[] bytes) {
    String filetype() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "binary" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
