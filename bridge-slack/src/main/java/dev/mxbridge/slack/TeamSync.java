package dev.mxbridge.slack;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Team sync ({@code team_sync: true}): every channel the bot is in gets its portal without anyone joining it first —
 * those it is in when the bridge starts, those it is invited or added to later ({@code member_joined_channel} of
 * the bot), and public channels as they are created ({@code channel_created}: the bot joins them, which needs
 * {@code channels:join}). {@code allow_channels} and {@code deny_channels} choose channels by name or id.
 *
 * <p>A new portal gets the channel's members as ghosts (up to {@link #MEMBERS_MAX}). Portals are made on a thread of their own, after the bridge has started, so the event stream does not wait on
 * the homeserver; a portal missed in a crash is made at the next start.
 */
final class TeamSync {
    private static final Logger LOG = LoggerFactory.getLogger(TeamSync.class);
    /** The most members a synced portal gets as ghosts at once. */
    static final int MEMBERS_MAX = 500;

    private final SlackSettings.Sync sync;
    private final Directory directory;
    private final SlackWeb web;
    private final NetworkContext context;
    /** The bot's Matrix user, once the bridge runs: openPortal invites no one else. */
    private final CompletableFuture<String> bot = new CompletableFuture<>();

    TeamSync(SlackSettings.Sync sync, Directory directory, SlackWeb web, NetworkContext context) {
        this.sync = sync;
        this.directory = directory;
        this.web = web;
        this.context = context;
    }

    /** The bridge runs: portals for the allowed channels the bot is in. */
    void start(String botMatrixUser) {
        bot.complete(botMatrixUser);
        if (sync.enabled()) {
            directory.channels().stream().filter(Directory.Channel::member).forEach(c -> open(c.id()));
        }
    }

    /** {@code channel_created}: the bot joins an allowed new channel; its join brings the portal. */
    void created(String channelId, String name) {
        if (!sync.allows(channelId, name)) {
            return;
        }
        Thread.ofVirtual().name("slack-team-sync").start(() -> {
            try {
                web.call("conversations.join", c -> c.conversationsJoin(r -> r.channel(channelId)));
                LOG.info("team sync: joined the new channel #{}", name);
            } catch (SlackBridgeException e) {
                LOG.warn("team sync: could not join the new channel #{}: {}", name, e.getMessage());
            }
        });
    }

    /** The bot is in a channel now (joined, invited, added): its portal, if allowed. */
    void joined(String channelId) {
        open(channelId);
    }

    /**
     * The channel's members as ghosts in its portal: each one's name ({@code users.info}), then their join. Capped at
     * {@link #MEMBERS_MAX}; the rest appear as they post or join.
     */
    private int importMembers(String channelId, RemoteRoomId remote) {
        List<String> members = new ArrayList<>();
        String cursor = "";
        do {
            String page = cursor;
            var answer = web.call("conversations.members", c -> c.conversationsMembers(r -> r.channel(channelId).limit(200)
                    .cursor(page.isEmpty() ? null : page)));
            members.addAll(answer.getMembers());
            cursor = answer.getResponseMetadata() == null ? "" : Optional.ofNullable(answer.getResponseMetadata().getNextCursor()).orElse("");
        } while (!cursor.isEmpty() && members.size() < MEMBERS_MAX);
        int imported = 0;
        for (String member : members.subList(0, Math.min(members.size(), MEMBERS_MAX))) {
            if (member.equals(directory.botUserId())) {
                continue;
            }
            RemoteUserId who = new RemoteUserId(member);
            Instant now = Instant.now();
            context.push(new RemoteEvent.Profile(remote, who, Optional.of(directory.person(member).name()), Optional.empty(), now));
            context.push(new RemoteEvent.Membership(remote, who, who, RemoteEvent.Membership.Change.JOIN, Optional.empty(), now));
            imported++;
        }
        return imported;
    }

    private void open(String channelId) {
        Optional<Directory.Channel> channel = directory.channel(channelId);
        if (channel.isEmpty() || !sync.allows(channelId, channel.get().name()) || channel.get().archived()) {
            return;
        }
        bot.thenAcceptAsync(user -> {
            try {
                RemoteRoomId remote = PortalNames.room(directory.teamId(), channelId);
                String room = context.openPortal(remote, user);
                int members = importMembers(channelId, remote);
                LOG.info("team sync: #{} is bridged in {} with {} members as ghosts", channel.get().name(), room, members);
            } catch (Exception e) {
                LOG.warn("team sync: no portal for #{}: {}", channel.get().name(), e.toString());
            }
        }, r -> Thread.ofVirtual().name("slack-team-sync").start(r));
    }
}
