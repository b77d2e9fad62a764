package dev.mxbridge.testkit.telegram;

/** The Bot API's {@code ChatMember.status}. */
public enum MemberStatus {
    CREATOR("creator"), ADMINISTRATOR("administrator"), MEMBER("member"), LEFT("left"), KICKED("kicked");

    private final String wireName;

    MemberStatus(String wireName) {
        this.wireName = wireName;
    }

    /** As written in JSON, e.g. {@code kicked}. */
    public String wireName() {
        return wireName;
    }

    boolean isMember() {
        return this == CREATOR || this == ADMINISTRATOR || this == MEMBER;
    }

    boolean isAdmin() {
        return this == CREATOR || this == ADMINISTRATOR;
    }
}
