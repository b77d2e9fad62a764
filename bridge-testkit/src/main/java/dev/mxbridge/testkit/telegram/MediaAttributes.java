package dev.mxbridge.testkit.telegram;

/** What a file message says about its file beyond the file itself; zero or empty where it does not apply. */
record MediaAttributes(int width, int height, int duration, String performer, String title, String emoji) {
    static final MediaAttributes NONE = new MediaAttributes(0, 0, 0, "", "", "");
}
