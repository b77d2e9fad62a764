package dev.mxbridge.testkit.telegram;

import java.util.Set;

/** A bot account: its token, BotFather settings, pending updates and webhook. Guarded by the World lock. */
final class BotState {
    final UserState user;
    final String token;
    final boolean canJoinGroups;
    final boolean canReadAllGroupMessages;
    final boolean canConnectToBusiness;
    final UpdateQueue updates = new UpdateQueue();
    /** Remembered from the last {@code getUpdates} or {@code setWebhook} that named them, as Telegram does. */
    Set<String> allowedUpdates = UpdateQueue.DEFAULT_ALLOWED;
    /** Each {@code getUpdates} takes a new number; a waiting long poll that sees a newer one answers 409. */
    long pollGeneration;
    /** Long polls now waiting for an update. */
    int waitingPolls;

    String webhookUrl = "";
    String webhookSecret = "";
    int webhookMaxConnections;
    /** Each setWebhook or deleteWebhook takes a new number; a sender of an older one stops. */
    long webhookGeneration;
    long webhookLastErrorDate;
    String webhookLastErrorMessage = "";

    BotState(UserState user, String token, boolean canJoinGroups, boolean canReadAllGroupMessages,
             boolean canConnectToBusiness) {
        this.user = user;
        this.token = token;
        this.canJoinGroups = canJoinGroups;
        this.canReadAllGroupMessages = canReadAllGroupMessages;
        this.canConnectToBusiness = canConnectToBusiness;
    }

    long id() {
        return user.id;
    }

    boolean hasWebhook() {
        return !webhookUrl.isEmpty();
    }
}
