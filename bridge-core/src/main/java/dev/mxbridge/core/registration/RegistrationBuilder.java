package dev.mxbridge.core.registration;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link Registration}; tokens default to fresh random ones from {@link Tokens#random()}. */
public final class RegistrationBuilder {
    private String id;
    private Optional<URI> url = Optional.empty();
    private String asToken = Tokens.random();
    private String hsToken = Tokens.random();
    private String senderLocalpart;
    private final List<Namespace> users = new ArrayList<>();
    private final List<Namespace> aliases = new ArrayList<>();
    private final List<Namespace> rooms = new ArrayList<>();
    private boolean rateLimited;
    private final List<String> protocols = new ArrayList<>();
    private boolean receiveEphemeral = true;
    private boolean msc4190;

    RegistrationBuilder() {
    }

    public RegistrationBuilder id(String value) {
        this.id = value;
        return this;
    }

    public RegistrationBuilder url(URI value) {
        this.url = Optional.of(value);
        return this;
    }

    public RegistrationBuilder asToken(String value) {
        this.asToken = value;
        return this;
    }

    public RegistrationBuilder hsToken(String value) {
        this.hsToken = value;
        return this;
    }

    public RegistrationBuilder senderLocalpart(String value) {
        this.senderLocalpart = value;
        return this;
    }

    public RegistrationBuilder user(Namespace namespace) {
        users.add(namespace);
        return this;
    }

    public RegistrationBuilder alias(Namespace namespace) {
        aliases.add(namespace);
        return this;
    }

    public RegistrationBuilder room(Namespace namespace) {
        rooms.add(namespace);
        return this;
    }

    /**
     * The exclusive namespace of users whose localpart starts with {@code localpartPrefix} on {@code serverName}:
     * {@code exclusiveUsers("_irc_", "example.org")} gives {@code @_irc_.*:example\.org}.
     */
    public RegistrationBuilder exclusiveUsers(String localpartPrefix, String serverName) {
        return user(Namespace.exclusive("@" + Patterns.escape(localpartPrefix) + ".*:" + Patterns.escape(serverName)));
    }

    /**
     * The exclusive namespace of aliases whose localpart starts with {@code localpartPrefix} on {@code serverName}:
     * {@code exclusiveAliases("_irc_", "example.org")} gives {@code #_irc_.*:example\.org}.
     */
    public RegistrationBuilder exclusiveAliases(String localpartPrefix, String serverName) {
        return alias(Namespace.exclusive("#" + Patterns.escape(localpartPrefix) + ".*:" + Patterns.escape(serverName)));
    }

    public RegistrationBuilder rateLimited(boolean value) {
        this.rateLimited = value;
        return this;
    }

    public RegistrationBuilder protocol(String value) {
        protocols.add(value);
        return this;
    }

    public RegistrationBuilder receiveEphemeral(boolean value) {
        this.receiveEphemeral = value;
        return this;
    }

    public RegistrationBuilder msc4190(boolean value) {
        this.msc4190 = value;
        return this;
    }

    /** The registration; call {@link Registration#validate()} to check it. */
    public Registration build() {
        if (id == null || senderLocalpart == null) {
            throw new InvalidRegistrationException((id == null ? "id" : "sender_localpart") + " is required");
        }
        return new Registration(id, url, asToken, hsToken, senderLocalpart, users, aliases, rooms, rateLimited,
                protocols, receiveEphemeral, msc4190);
    }
}
