package dev.mxbridge.core.command;

import java.util.Objects;

/**
 * A heading in the help text; sections are listed by {@code order}, then title.
 *
 * @param title heading shown above the section's commands
 * @param order position among sections, lowest first
 */
public record Section(String title, int order) {
    public static final Section GENERAL = new Section("General", 0);
    public static final Section ACCOUNT = new Section("Account", 10);
    public static final Section ROOMS = new Section("Rooms", 20);
    public static final Section ADMIN = new Section("Administration", 50);

    public Section {
        Objects.requireNonNull(title, "title");
    }
}
