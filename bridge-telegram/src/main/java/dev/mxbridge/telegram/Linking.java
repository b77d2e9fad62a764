package dev.mxbridge.telegram;

import dev.mxbridge.core.command.CommandContext;
import dev.mxbridge.core.command.CommandException;
import dev.mxbridge.core.network.NetworkConnector.LinkDecision;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.NotBridgedException;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.telegram.LinkCodes.Code;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Plumbing with one-time codes, in either direction. In a Telegram group an administrator sends {@code /link}; the bot
 * answers with a code that a Matrix room admin gives to {@code !telegram link <code>}. The reverse: a Matrix room admin
 * asks {@code !telegram link-code}, and a Telegram administrator sends {@code /link <code>} in the group. Codes are
 * used once and expire, and outlive a restart until then ({@link LinkCodes}); {@code /unlink} in the group and {@code !telegram unlink} in Matrix undo a link. At link time
 * both sides are told what the bot cannot see ({@link Visibility}).
 */
final class Linking {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LinkCodes codes;
    private final Duration ttl;
    private final Clock clock;
    private final Telegram telegram;
    private final MatrixSide matrix;
    private final Visibility visibility;
    private volatile NetworkContext context;

    Linking(Duration ttl, Clock clock, Telegram telegram, MatrixSide matrix, Visibility visibility) {
        this.ttl = ttl;
        this.clock = clock;
        this.telegram = telegram;
        this.matrix = matrix;
        this.visibility = visibility;
        this.codes = new LinkCodes(telegram.store(), clock);
    }

    void start(NetworkContext started) {
        context = started;
    }

    static boolean looksLikeCode(String key) {
        return key.matches("[A-Z2-9]{4}-[A-Z2-9]{4}");
    }

    // ---- Telegram side -------------------------------------------------------------------------------------

    /** {@code /link [code]} or {@code /unlink} in a group; answers there. */
    void onCommand(Message message, String command, Optional<String> argument) throws TelegramApiException {
        String chat = message.getChatId().toString();
        if (!visibility.isAdmin(message)) {
            telegram.say(chat, "Only the group's administrators can " + command + " it.", message.getMessageId());
            return;
        }
        if (command.equals("unlink")) {
            List<String> rooms = matrix.roomsFor(new RemoteRoomId(chat));
            rooms.forEach(room -> {
                matrix.notice(room, "Unlinked from the Telegram chat " + message.getChat().getTitle()
                        + " by one of its administrators.");
                matrix.unlink(room, new RemoteRoomId(chat));
            });
            telegram.say(chat, rooms.isEmpty() ? "This chat is not linked to Matrix."
                    : "Unlinked from " + rooms.size() + " Matrix room(s).", message.getMessageId());
            return;
        }
        if (argument.isEmpty()) {
            Code code = issue(true, chat);
            telegram.say(chat, "Link code: <code>" + code.value() + "</code>\nA Matrix room admin sends "
                    + "<code>!telegram link " + code.value() + "</code> in the room within "
                    + ttl.toMinutes() + " minutes." + visibility.warningsHtml(chat), message.getMessageId());
            return;
        }
        Optional<Code> code = take(argument.get().trim().toUpperCase(java.util.Locale.ROOT));
        if (code.isEmpty()) {
            telegram.say(chat, "That code is unknown or has expired. Ask for a new one in Matrix with "
                    + "<code>!telegram link-code</code>.", message.getMessageId());
        } else if (code.get().madeInTelegram()) {
            codes.put(code.get()); // not spent: it is for Matrix
            telegram.say(chat, "That code was made in Telegram: a Matrix room admin sends <code>!telegram link "
                    + code.get().value() + "</code> in the Matrix room.", message.getMessageId());
        } else {
            String by = Optional.ofNullable(message.getFrom()).map(u -> "Telegram user " + u.getFirstName()
                    + Optional.ofNullable(u.getUserName()).map(n -> " (@" + n + ")").orElse("")).orElse("an administrator");
            context.completeLink(code.get().place(), new RemoteRoomId(chat), by);
            telegram.say(chat, "Linked to the Matrix room." + visibility.warningsHtml(chat), message.getMessageId());
            visibility.warnings(chat).forEach(w -> matrix.notice(code.get().place(), w));
        }
    }

    // ---- Matrix side ---------------------------------------------------------------------------------------

    /** The chat a Telegram-made code stands for, as {@code !telegram link <code>} asks. */
    Optional<RemoteRoomInfo> resolve(String key) throws NotBridgedException {
        Optional<Code> found = codes.get(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Code code = found.get();
        if (expired(code)) {
            codes.remove(key);
            throw new NotBridgedException("link code " + key + " has expired; send /link in the Telegram group again");
        }
        if (!code.madeInTelegram()) {
            throw new NotBridgedException("that code was made in Matrix for Telegram: an administrator of the "
                    + "Telegram group sends /link " + key + " there");
        }
        return Optional.of(new RemoteRoomInfo(new RemoteRoomId(code.place()), telegram.title(code.place()),
                Optional.empty(), true, false, Optional.empty(), Optional.empty()));
    }

    /** A link asked for in Matrix: only with a code from the chat (the core checked the Matrix power level). */
    LinkDecision approve(RemoteRoomInfo remote, String matrixRoom) {
        Optional<Code> code = codes.all().stream()
                .filter(c -> c.madeInTelegram() && c.place().equals(remote.id().value()) && !expired(c)).findFirst();
        if (code.isEmpty() || codes.remove(code.get().value()).isEmpty()) {
            return new LinkDecision.Deny("a Telegram chat is linked with a code: an administrator sends /link in the "
                    + "Telegram group, or you ask for a code here with !telegram link-code");
        }
        String chat = remote.id().value();
        visibility.warnings(chat).forEach(w -> matrix.notice(matrixRoom, w));
        telegram.say(chat, "Linked to a Matrix room.", null);
        return new LinkDecision.Allow();
    }

    /** {@code !telegram link-code}: a code for the reverse direction, for a room admin. */
    void linkCode(CommandContext ctx) {
        String room = ctx.room().value();
        long level = matrix.powerLevel(room, ctx.sender().value());
        if (level < matrix.plumbPowerLevel()) {
            throw new CommandException("You need power level " + matrix.plumbPowerLevel()
                    + " in this room to link it (you have " + level + ").");
        }
        Code code = issue(false, room);
        ctx.reply("Link code: " + code.value() + " — an administrator of the Telegram group sends /link "
                + code.value() + " there within " + ttl.toMinutes() + " minutes (the bot must be in the group).");
    }

    void unlinked(RemoteRoomId remote) {
        telegram.say(remote.value(), "This chat is no longer linked to a Matrix room.", null);
    }

    private Code issue(boolean madeInTelegram, String place) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                value.append('-');
            }
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        Code code = new Code(value.toString(), madeInTelegram, place, clock.instant().plus(ttl));
        codes.put(code);
        return code;
    }

    private Optional<Code> take(String value) {
        return codes.remove(value).filter(code -> !expired(code));
    }

    private boolean expired(Code code) {
        return codes.expired(code);
    }
}
