package dev.mxbridge.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Everything a bridge process is configured with, read from YAML by {@link ConfigYaml}. The network module's own
 * settings stay as a raw tree in {@link #network()} for the module to bind.
 *
 * @param homeserver  where the homeserver is and what it is called
 * @param appservice  the AS HTTP listener and the registration file
 * @param database    the store
 * @param journal     retries and limits of the inbound journal
 * @param client      timeouts and retries of calls to the homeserver
 * @param bridging    commands, permissions and plumbing rules
 * @param network     the network module's section ({@code network:}), possibly empty
 */
public record BridgeConfig(
        Homeserver homeserver,
        AppService appservice,
        Database database,
        Journal journal,
        Client client,
        Bridging bridging,
        JsonNode network) {

    /**
     * @param commandPrefix    prefix of bot commands in bridged rooms, e.g. {@code !irc}; optional in the bot's DM
     * @param permissions      who may do what: {@code permissions:} maps {@code *}, a server name or a user id to
     *                         {@code none}, {@code relay}, {@code user} or {@code admin}
     * @param plumbPowerLevel  the room power level a user needs to link or unlink a room
     * @param secretKey        base64 AES-256 key sealing stored credentials ({@code secret_key} or
     *                         {@code secret_key_env}); empty: a key file is used
     * @param secretKeyFile    where the key is kept when not configured (created with owner-only access)
     * @param doublePuppetSecrets per server name, how to act as its users for double puppeting
     *                         ({@code as_token:<token>} of a second application service)
     * @param relayFormat      how the relay shows a Matrix user's message: {@code {displayname}}, {@code {userid}}
     *                         and {@code {message}} are replaced (emotes are always {@code * name action})
     */
    public record Bridging(String commandPrefix, JsonNode permissions, int plumbPowerLevel,
                           dev.mxbridge.core.secret.Secret secretKey, Path secretKeyFile,
                           java.util.Map<String, dev.mxbridge.core.secret.Secret> doublePuppetSecrets,
                           String relayFormat, Provisioning provisioning) {
        @Override
        public String toString() {
            return "Bridging[commandPrefix=" + commandPrefix + ", plumbPowerLevel=" + plumbPowerLevel + ", secrets=***]";
        }
    }

    /**
     * The provisioning API for integration managers and web pages ({@code /_mxbridge/provision/v1/}).
     *
     * @param enabled      whether it is served
     * @param sharedSecret a secret a trusted integration manager may present instead of a user's OpenID token,
     *                     naming the user in {@code user_id}; empty: OpenID tokens only
     */
    public record Provisioning(boolean enabled, dev.mxbridge.core.secret.Secret sharedSecret) {
        @Override
        public String toString() {
            return "Provisioning[enabled=" + enabled + ", sharedSecret=***]";
        }
    }

    /**
     * @param url    Client-Server API base URL, e.g. {@code http://127.0.0.1:8008}
     * @param domain the server name in user ids, e.g. {@code example.org}
     */
    public record Homeserver(URI url, String domain) {
    }

    /**
     * @param id           the application service id in the registration
     * @param registration path of the registration file (tokens and namespaces come from there)
     * @param bind         address the AS HTTP API listens on
     * @param port         port the AS HTTP API listens on (0: any free port)
     * @param url          where the homeserver reaches the AS API (written into a generated registration)
     * @param botLocalpart localpart of the bridge bot
     * @param userPrefix   localpart prefix of ghosts, e.g. {@code _irc_}
     * @param aliasPrefix  alias localpart prefix of portals, e.g. {@code _irc_}
     * @param maxBodyBytes largest transaction body accepted
     */
    public record AppService(String id, Path registration, String bind, int port, URI url, String botLocalpart,
                             String userPrefix, String aliasPrefix, long maxBodyBytes) {

        /** Settings for tests and embedding: listen on {@code bind}:{@code port}, default names for {@code network}. */
        public static AppService of(String network, Path registration, String bind, int port, long maxBodyBytes) {
            return new AppService(network, registration, bind, port, URI.create("http://" + bind + ":" + port),
                    "_" + network + "_bot", "_" + network + "_", "_" + network + "_", maxBodyBytes);
        }
    }

    /**
     * @param url         JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code jdbc:postgresql://...}
     * @param user        database user
     * @param password    database password (or taken from the environment variable named by {@code password_env})
     * @param maxPoolSize largest number of pooled connections
     */
    public record Database(String url, String user, String password, int maxPoolSize) {
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=***, maxPoolSize=" + maxPoolSize + "]";
        }
    }

    /**
     * @param maxAttempts         handler attempts per event before it is recorded as failed
     * @param retryInitial        first back-off between attempts
     * @param retryMax            longest back-off between attempts
     * @param maxQueuedEvents     events queued in memory before the AS API holds back its answers
     * @param transactionRetention how long transaction ids are remembered to recognise retries
     * @param eventRetention      how long event ids are remembered to recognise an event that arrives again
     * @param repair              the timeline repair (see {@code docs/architecture.md})
     */
    public record Journal(int maxAttempts, Duration retryInitial, Duration retryMax, int maxQueuedEvents,
                          Duration transactionRetention, Duration eventRetention, Repair repair) {
    }

    /**
     * The journal's timeline repair: after start-up and after the homeserver resumes following a failed transaction,
     * recently active rooms' timelines are read for events that never arrived in a transaction.
     *
     * @param maxRooms  rooms read per round, the most recently active first; 0 turns the repair off
     * @param window    only rooms with an event stored within this time are read
     * @param maxEvents events read per room and round
     * @param settle    the longest a round holds handling back while the homeserver's backlog arrives
     */
    public record Repair(int maxRooms, Duration window, int maxEvents, Duration settle) {
        /** The defaults: 1,000 rooms active within a day, 1,000 events each, a 10-second settle. */
        public static Repair defaults() {
            return new Repair(1_000, Duration.ofDays(1), 1_000, Duration.ofSeconds(10));
        }

        /** No repair. */
        public static Repair off() {
            return new Repair(0, Duration.ZERO, 0, Duration.ZERO);
        }
    }

    /**
     * @param connectTimeout connect timeout of every homeserver call
     * @param requestTimeout timeout of every homeserver call
     * @param maxRetryTime   how long one call keeps retrying on 5xx, 429 and connection errors
     */
    public record Client(Duration connectTimeout, Duration requestTimeout, Duration maxRetryTime) {
    }
}
