package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.List;

/** A Telegram account: a person or a bot. Guarded by the {@link World} lock. */
final class UserState {
    final long id;
    final boolean isBot;
    String firstName;
    String lastName = "";
    String username = "";
    boolean premium;
    String languageCode = "";
    /** Newest first; each photo is its sizes, smallest first. */
    final List<List<StoredFile>> profilePhotos = new ArrayList<>();

    UserState(long id, boolean isBot, String firstName) {
        this.id = id;
        this.isBot = isBot;
        this.firstName = firstName;
    }
}
