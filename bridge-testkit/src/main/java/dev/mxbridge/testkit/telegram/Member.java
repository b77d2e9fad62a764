package dev.mxbridge.testkit.telegram;

/** A user's or bot's membership of a chat; {@code rights} matter for administrators only. */
record Member(MemberStatus status, AdminRights rights) {
    static final Member LEFT = new Member(MemberStatus.LEFT, AdminRights.basic());
    static final Member PLAIN = new Member(MemberStatus.MEMBER, AdminRights.basic());
    static final Member KICKED = new Member(MemberStatus.KICKED, AdminRights.basic());
    static final Member CREATOR = new Member(MemberStatus.CREATOR, AdminRights.full());

    static Member admin(AdminRights rights) {
        return new Member(MemberStatus.ADMINISTRATOR, rights);
    }
}
