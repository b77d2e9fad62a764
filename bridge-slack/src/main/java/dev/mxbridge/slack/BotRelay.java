package dev.mxbridge.slack;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Slack connection sending what Matrix users do: the bridge's bot as relay, or a logged-in user's own token (a
 * puppet; then {@link #account()} is that user). It posts Matrix users' messages ({@code chat.postMessage}), edits and deletes its own
 * posts, reacts, shares files, and sets channel topics and names. Threads become {@code thread_ts}; a reply outside a
 * thread carries a quote of what it answers ({@link QuotedReplies}). Everything goes through the channel's
 * {@link SendQueues queue}. This plain form relays with the core's relay format ({@code <name> text});
 * {@link VirtualUserRelay} posts under the sender's own name instead.
 */
class BotRelay implements NetworkClient, NetworkClient.Edits, NetworkClient.Deletions, NetworkClient.Reactions,
        NetworkClient.ReactionRemovals, NetworkClient.QuotedReplies, NetworkClient.Topics, NetworkClient.RoomNames {
    private static final Duration SHARE_WAIT = Duration.ofSeconds(10);

    private final SlackWeb web;
    private final SendQueues queues;
    private final MrkdwnWriter writer;
    private final SlackFiles files;
    private final OwnUploads uploads;
    private final Function<MxcUri, Media> download;
    private final CustomEmoji emoji;
    private final String botUserId;

    /** What every connection shares: the channels' queues, mrkdwn, our uploads, Matrix media, emoji names. */
    record Shared(SendQueues queues, MrkdwnWriter writer, OwnUploads uploads, Function<MxcUri, Media> download,
                  CustomEmoji emoji) {
    }

    /**
     * @param web       the client with this connection's token (the bot's or a user's)
     * @param files     file sharing with that token
     * @param botUserId the Slack user this connection acts as
     */
    BotRelay(SlackWeb web, SlackFiles files, Shared shared, String botUserId) {
        this.web = web;
        this.queues = shared.queues();
        this.writer = shared.writer();
        this.files = files;
        this.uploads = shared.uploads();
        this.download = shared.download();
        this.emoji = shared.emoji();
        this.botUserId = botUserId;
    }

    @Override
    public Optional<RemoteUserId> account() {
        return Optional.of(new RemoteUserId(botUserId));
    }

    /** The name and icon to post under, for virtual users; none for the plain relay. */
    Optional<Sender> sender(OutboundMessage message) {
        return Optional.empty();
    }

    /** A post's {@code username} and {@code icon_url}. */
    record Sender(String username, Optional<String> iconUrl) {
    }

    @Override
    public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) {
        String channel = PortalNames.channelOf(room);
        Optional<String> thread = message.thread().map(RemoteMessageId::value);
        if (message.content() instanceof MessageContent.Media media) {
            return RemoteMessageId.of(shareFile(channel, thread, media, message));
        }
        String text = quote(message) + mrkdwn(message.content());
        Optional<Sender> sender = sender(message);
        var answer = queues.send(channel, () -> web.call("chat.postMessage", c -> c.chatPostMessage(r -> {
            r.channel(channel).text(text).threadTs(thread.orElse(null));
            sender.ifPresent(s -> r.username(s.username()).iconUrl(s.iconUrl().orElse(null)));
            return r;
        })));
        return RemoteMessageId.of(answer.getTs());
    }

    private String shareFile(String channel, Optional<String> thread, MessageContent.Media media, OutboundMessage message) {
        MxcUri mxc = MxcUri.tryParse(media.url())
                .orElseThrow(() -> new SlackBridgeException("the file has no media repository address"));
        media.size().ifPresent(declared -> files.checkSize(declared, media.filename())); // not fetched to be refused
        Media bytes = download.apply(mxc);
        String comment = sender(message).map(s -> "*" + MrkdwnWriter.escape(s.username()) + "* shared a file")
                .orElse(message.relayed() ? MrkdwnWriter.escape(message.senderName()) + " shared a file" : "");
        String fileId = queues.send(channel, () -> files.toSlack(bytes.content(), media.filename(), channel, thread,
                comment, uploads::expect));
        return uploads.await(fileId, SHARE_WAIT).orElse("file:" + fileId);
    }

    private String mrkdwn(MessageContent content) {
        return switch (content) {
            case MessageContent.Text t when t.kind() == MessageContent.Text.Kind.EMOTE ->
                    writer.write(FormattedText.of(new Node.Styled(Style.Basic.ITALIC, t.text().nodes())));
            case MessageContent.Text t -> writer.write(t.text());
            default -> MrkdwnWriter.escape(content.plainText());
        };
    }

    /** A reply outside a thread quotes what it answers; Slack has no replies of its own. */
    private static String quote(OutboundMessage message) {
        if (message.thread().isPresent() || message.quote().isEmpty()) {
            return "";
        }
        OutboundMessage.Quote q = message.quote().get();
        List<String> lines = new ArrayList<>(q.text().lines().limit(3).toList());
        lines.set(0, "*" + q.senderName() + "*: " + lines.getFirst());
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append("> ").append(MrkdwnWriter.escape(l)).append('\n'));
        return out.toString();
    }

    @Override
    public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) {
        String channel = PortalNames.channelOf(room);
        String text = mrkdwn(replacement.content());
        queues.send(channel, () -> web.call("chat.update", c -> c.chatUpdate(r -> r.channel(channel).ts(target.value()).text(text))));
    }

    @Override
    public void delete(RemoteRoomId room, RemoteMessageId target) {
        String channel = PortalNames.channelOf(room);
        if (target.value().startsWith("file:")) {
            return; // a shared file whose message we never learnt
        }
        queues.send(channel, () -> web.call("chat.delete", c -> c.chatDelete(r -> r.channel(channel).ts(target.value()))));
    }

    @Override
    public void react(RemoteRoomId room, RemoteMessageId target, String key) {
        String channel = PortalNames.channelOf(room);
        String name = emoji.name(key);
        queues.send(channel, () -> web.call("reactions.add", c -> c.reactionsAdd(r -> r.channel(channel).timestamp(target.value()).name(name))));
    }

    @Override
    public void unreact(RemoteRoomId room, RemoteMessageId target, String key) {
        String channel = PortalNames.channelOf(room);
        String name = emoji.name(key);
        queues.send(channel, () -> web.call("reactions.remove", c -> c.reactionsRemove(r -> r.channel(channel).timestamp(target.value()).name(name))));
    }

    @Override
    public void setTopic(RemoteRoomId room, String topic) {
        String channel = PortalNames.channelOf(room);
        web.call("conversations.setTopic", c -> c.conversationsSetTopic(r -> r.channel(channel).topic(topic)));
    }

    @Override
    public void setRoomName(RemoteRoomId room, String name) {
        String channel = PortalNames.channelOf(room);
        String slackName = name.replaceFirst("^#", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        web.call("conversations.rename", c -> c.conversationsRename(r -> r.channel(channel).name(slackName)));
    }
}
