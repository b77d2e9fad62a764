package dev.mxbridge.testkit.telegram;

/** The Bot API's {@code Chat.type}. */
public enum ChatType {
    PRIVATE("private"), GROUP("group"), SUPERGROUP("supergroup"), CHANNEL("channel");

    private final String wireName;

    ChatType(String wireName) {
        this.wireName = wireName;
    }

    /** As written in JSON, e.g. {@code supergroup}. */
    public String wireName() {
        return wireName;
    }

    boolean isGroup() {
        return this == GROUP || this == SUPERGROUP;
    }
}
