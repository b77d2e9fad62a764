package dev.mxbridge.irc;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RoomMode;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What IRC's moderation of a Matrix user's IRC user does in Matrix, the same in client and link mode. Put out of a
 * channel (kicked, banned, refused at its door), the user leaves the channel's portals with the reason and is told
 * in their private room with the bot, rather than reading a channel they are not in or, under
 * {@code require_matrix_joined}, stopping it for everyone; a plumbed room is its community's, not the bridge's to
 * police: it is told, and goes on. A kick is remembered so that a ban after it names it. Ops and voice become the
 * user's power level where the operator enables it ({@code puppet_ranks_to_matrix}).
 */
final class IrcModeration {
    private static final Logger log = LoggerFactory.getLogger(IrcModeration.class);
    /** The store's namespace of the last kick of each Matrix user from each channel, for a ban that follows. */
    private static final String KICKS = "irc.kicks";

    private final NetworkContext context;
    private final boolean ranksToMatrix;

    IrcModeration(NetworkContext context, boolean ranksToMatrix) {
        this.context = context;
        this.ranksToMatrix = ranksToMatrix;
    }

    /** Why the user is out after a kick, in words; remembered for a ban that follows. */
    String kicked(String matrixUser, String channel, Optional<String> by, String reason) {
        String why = "kicked from " + channel + by.filter(b -> !b.isEmpty()).map(b -> " by " + b).orElse("")
                + (reason.isBlank() ? "" : " (" + reason + ")");
        context.store().put(KICKS, matrixUser + " " + channel, why);
        return why;
    }

    /** Why the user is out after a ban, in words, with the kick before it if there was one. */
    String banned(String matrixUser, String channel, String detail) {
        return "banned from " + channel + (detail.isEmpty() ? "" : " " + detail)
                + context.store().get(KICKS, matrixUser + " " + channel).map(k -> " (earlier " + k + ")").orElse("");
    }

    /**
     * The user leaves the channel's portals with {@code why}, plumbed rooms are told, and so is the user, with
     * {@code after} (what rejoining does). Calls the homeserver: not on a line-reading thread.
     */
    void remove(String matrixUser, String channel, String why, String after) {
        log.info("{} is out of {} on IRC: {}", matrixUser, channel, why);
        RemoteRoomId room = ChannelTracker.room(channel);
        try {
            context.removeFromPortal(room, matrixUser, "IRC: " + why);
            for (String matrixRoom : context.links().roomsOf(room)) {
                if (context.links().modeOf(matrixRoom).orElse(RoomMode.PORTAL) == RoomMode.PLUMBED) {
                    context.notice(matrixRoom, matrixUser + " was " + why + " on IRC; IRC messages still reach this room.");
                }
            }
            context.tell(matrixUser, "You were " + why + " on IRC, so you left the channel's room." + after);
        } catch (RuntimeException e) {
            log.warn("could not tell Matrix that {} was {}: {}", matrixUser, why, e.toString());
        }
    }

    /** The user's IRC rank in a channel changed (ops 50, voice 1, none 0): their power level, if enabled. */
    void ranked(String matrixUser, String channel, int level) {
        if (!ranksToMatrix) {
            return;
        }
        Thread.ofVirtual().name("irc-rank-" + matrixUser).start(() -> {
            try {
                if (context.setPowerLevel(ChannelTracker.room(channel), matrixUser, level)) {
                    log.info("{} has power level {} in the portals of {}, as their IRC rank", matrixUser, level,
                            channel);
                }
            } catch (RuntimeException e) {
                log.warn("could not give {} power level {} for their rank in {}: {}", matrixUser, level, channel,
                        e.toString());
            }
        });
    }
}
