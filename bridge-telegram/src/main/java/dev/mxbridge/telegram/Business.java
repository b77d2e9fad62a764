package dev.mxbridge.telegram;

import dev.mxbridge.core.network.LoginProcess;
import dev.mxbridge.core.network.LoginProcess.LoginStep;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.secret.Secret;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.telegram.telegrambots.meta.api.objects.business.BusinessConnection;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Telegram Business: a Premium user connects the bot to their account ({@code business_connection}), and
 * {@code !telegram login} in Matrix ties that account to the Matrix user — they prove it by sending {@code /login
 * <code>} to the bot from the account. Each private chat of the account is then a DM portal of that Matrix user
 * ({@code b:<connection>:<chat>}): customers as ghosts, the owner's own messages as the owner (their real Matrix
 * account with double puppeting), and what the user writes in Matrix goes out as them with
 * {@code business_connection_id}. The portals are the core's per-login rooms: only that user is invited, and only
 * their login sends there.
 */
final class Business {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CONNECTIONS = "telegram.business.owner";
    private static final String LOGINS = "telegram.business.login";
    private static final String RIGHTS = "telegram.business.rights";

    /**
     * What the account lets the bot do: answer (and edit, and show typing) as it, delete what the bot sent for it,
     * delete any message of its chats; {@code enabled} false once the account disconnected the bot.
     */
    record Rights(boolean enabled, boolean canReply, boolean canDeleteOutgoing, boolean canDeleteAll) {
        static Rights of(BusinessConnection connection) {
            var rights = connection.getRights();
            return new Rights(!Boolean.FALSE.equals(connection.getIsEnabled()),
                    rights != null && Boolean.TRUE.equals(rights.getCanReply()),
                    rights != null && Boolean.TRUE.equals(rights.getCanDeleteOutgoingMessages()),
                    rights != null && Boolean.TRUE.equals(rights.getCanDeleteAllMessages()));
        }

        String stored() {
            return enabled + " " + canReply + " " + canDeleteOutgoing + " " + canDeleteAll;
        }

        static Rights parse(String stored) {
            String[] f = stored.split(" ");
            return new Rights(Boolean.parseBoolean(f[0]), Boolean.parseBoolean(f[1]), Boolean.parseBoolean(f[2]),
                    Boolean.parseBoolean(f[3]));
        }
    }

    private final Telegram telegram;
    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final Map<String, BusinessConnection> connections = new ConcurrentHashMap<>();
    private volatile NetworkContext context;

    Business(Telegram telegram) {
        this.telegram = telegram;
    }

    void start(NetworkContext started) {
        context = started;
    }

    static boolean isRoom(RemoteRoomId room) {
        return room.value().startsWith("b:");
    }

    /** A business chat as the core's per-login room of the Matrix user logged in with its account. */
    RemoteRoomId room(String connection, long chat) {
        String value = "b:" + connection + ":" + chat;
        return matrixUser(connection).map(user -> RemoteRoomId.perLogin(value, user)).orElse(new RemoteRoomId(value));
    }

    static String connectionOf(RemoteRoomId room) {
        return room.value().substring(2, room.value().lastIndexOf(':'));
    }

    static String chatOf(RemoteRoomId room) {
        return room.value().substring(room.value().lastIndexOf(':') + 1);
    }

    void onConnection(BusinessConnection connection) {
        connections.put(connection.getId(), connection);
        context.store().put(CONNECTIONS, connection.getId(), connection.getUser().getId().toString());
        context.store().put(RIGHTS, connection.getId(), Rights.of(connection).stored());
    }

    /** The Matrix user a connection's account is logged in as, if any. */
    Optional<String> matrixUser(String connection) {
        return context.store().get(CONNECTIONS, connection).flatMap(owner -> context.store().get(LOGINS, owner));
    }

    /** The connection's rights as last announced ({@code business_connection}), kept across restarts; empty if unknown. */
    Optional<Rights> rights(String connection) {
        return Optional.ofNullable(connections.get(connection)).map(Rights::of)
                .or(() -> context.store().get(RIGHTS, connection).map(Rights::parse));
    }

    /** The DM portal of a business chat, for its owner's Matrix user. */
    Optional<RemoteRoomInfo> resolve(String key) {
        RemoteRoomId plain = new RemoteRoomId(key);
        return matrixUser(connectionOf(plain)).map(user -> RemoteRoomInfo.direct(RemoteRoomId.perLogin(key, user),
                telegram.title(chatOf(plain)), new RemoteUserId(chatOf(plain)), user));
    }

    LoginProcess startLogin(String matrixUser) {
        String code = code();
        CompletableFuture<Long> proof = new CompletableFuture<>();
        pending.put(code, proof);
        return new LoginProcess() {
            @Override
            public LoginStep start() throws Exception {
                String bot = telegram.api().me().getUserName();
                return new LoginStep.DisplayAndWait("Connect @" + bot + " to your Telegram Business account "
                        + "(Settings → Telegram Business → Chatbots), then send this to @" + bot + " from that account:",
                        "/login " + code);
            }

            @Override
            public LoginStep submit(Map<String, String> answers) {
                throw new IllegalStateException("this login asks nothing");
            }

            @Override
            public LoginStep await() throws Exception {
                long owner = proof.get();
                String connection = connections.values().stream().filter(c -> c.getUser().getId() == owner)
                        .map(BusinessConnection::getId).findFirst().orElseThrow();
                context.store().put(LOGINS, Long.toString(owner), matrixUser);
                return new LoginStep.Done(new UserLogin(matrixUser, Long.toString(owner),
                        new RemoteUserId(Long.toString(owner)), Secret.of(connection)),
                        "Logged in: the private chats of your Telegram Business account are bridged as you.");
            }

            @Override
            public void cancel() {
                pending.remove(code);
                proof.cancel(false);
            }
        };
    }

    /** {@code /login <code>} in a private chat with the bot. */
    void onLogin(Message message, String code) {
        String chat = message.getChatId().toString();
        CompletableFuture<Long> proof = pending.get(code.toUpperCase(java.util.Locale.ROOT));
        long from = message.getFrom().getId();
        if (proof == null) {
            telegram.say(chat, "That login code is unknown. Start again in Matrix with <code>!telegram login</code>.",
                    message.getMessageId());
        } else if (connections.values().stream().noneMatch(c -> c.getUser().getId() == from)) {
            telegram.say(chat, "Connect this bot to your Telegram Business account first (Settings → Telegram "
                    + "Business → Chatbots), then send the code again.", message.getMessageId());
        } else {
            pending.remove(code.toUpperCase(java.util.Locale.ROOT));
            proof.complete(from);
            telegram.say(chat, "Logged in: your business chats are bridged to Matrix.", message.getMessageId());
        }
    }

    void logout(UserLogin login) {
        context.store().delete(LOGINS, login.loginId());
    }

    private static String code() {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }
}
