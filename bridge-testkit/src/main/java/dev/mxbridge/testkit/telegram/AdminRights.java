package dev.mxbridge.testkit.telegram;

/**
 * The rights of a chat administrator that matter to a bridge; written into {@code ChatMemberAdministrator}.
 * Rights the fake does not model ({@code can_manage_video_chats}, stories) are written as {@code false}.
 */
public record AdminRights(boolean canManageChat, boolean canDeleteMessages, boolean canRestrictMembers,
                          boolean canPromoteMembers, boolean canChangeInfo, boolean canInviteUsers,
                          boolean canPinMessages, boolean canManageTopics, boolean canPostMessages,
                          boolean canEditMessages) {

    /** Every right. */
    public static AdminRights full() {
        return new AdminRights(true, true, true, true, true, true, true, true, true, true);
    }

    /** An administrator with no right beyond reading: enough for reactions and member updates. */
    public static AdminRights basic() {
        return new AdminRights(true, false, false, false, false, false, false, false, false, false);
    }
}
