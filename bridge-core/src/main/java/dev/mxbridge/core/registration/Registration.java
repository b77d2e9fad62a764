package dev.mxbridge.core.registration;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An application-service registration: what the homeserver is told about the bridge, and the two secrets shared
 * with it. Read and written by {@link RegistrationYaml}; checked by {@link #validate()}.
 *
 * @param id               unique id of the application service on the homeserver
 * @param url              where the homeserver pushes transactions; empty means it pushes nothing
 * @param asToken          secret the bridge presents to the homeserver
 * @param hsToken          secret the homeserver presents to the bridge
 * @param senderLocalpart  localpart of the bridge bot
 * @param users            user id namespaces (ghosts)
 * @param aliases          room alias namespaces (portals)
 * @param rooms            room id namespaces
 * @param rateLimited      whether the homeserver rate-limits the bridge's users
 * @param protocols        third-party protocols the bridge offers lookups for
 * @param receiveEphemeral whether the homeserver pushes typing, receipts and presence
 * @param msc4190          whether the bridge manages its ghosts' devices itself (MSC4190)
 */
public record Registration(
        String id,
        Optional<URI> url,
        String asToken,
        String hsToken,
        String senderLocalpart,
        List<Namespace> users,
        List<Namespace> aliases,
        List<Namespace> rooms,
        boolean rateLimited,
        List<String> protocols,
        boolean receiveEphemeral,
        boolean msc4190) {

    public Registration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(asToken, "asToken");
        Objects.requireNonNull(hsToken, "hsToken");
        Objects.requireNonNull(senderLocalpart, "senderLocalpart");
        users = List.copyOf(users);
        aliases = List.copyOf(aliases);
        rooms = List.copyOf(rooms);
        protocols = List.copyOf(protocols);
    }

    /** A builder with fresh random tokens, not rate-limited, ephemeral events on. */
    public static RegistrationBuilder builder() {
        return new RegistrationBuilder();
    }

    /** The bridge bot's full user id on {@code serverName}. */
    public String botUserId(String serverName) {
        return "@" + senderLocalpart + ":" + serverName;
    }

    /** Whether {@code userId} is the bot or falls in one of the user namespaces: such senders are our own echoes. */
    public boolean isBridgeUser(String userId, String serverName) {
        return userId.equals(botUserId(serverName)) || users.stream().anyMatch(ns -> ns.matches(userId));
    }

    /** Whether {@code alias} falls in one of the alias namespaces. */
    public boolean ownsAlias(String alias) {
        return aliases.stream().anyMatch(ns -> ns.matches(alias));
    }

    /**
     * Checks the registration.
     *
     * @return warnings that do not stop the bridge (for example an exclusive namespace not starting with {@code _})
     * @throws InvalidRegistrationException listing every error found
     */
    public List<String> validate() {
        return RegistrationValidator.validate(this);
    }

    /** A copy with another push URL. */
    public Registration withUrl(URI newUrl) {
        return new Registration(id, Optional.of(newUrl), asToken, hsToken, senderLocalpart, users, aliases, rooms,
                rateLimited, protocols, receiveEphemeral, msc4190);
    }
}
