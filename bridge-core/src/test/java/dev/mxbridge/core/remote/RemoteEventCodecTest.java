package dev.mxbridge.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RemoteEventCodecTest {
    private static final RemoteRoomId ROOM = new RemoteRoomId("#room");
    private static final RemoteUserId CAROL = new RemoteUserId("carol");
    private static final Instant AT = Instant.parse("2026-12-06T21:00:00.123456Z");

    @Test
    void everyEventAndEveryNodeSurvivesTheRoundTrip() {
        FormattedText rich = new FormattedText(List.of(
                new Node.Paragraph(List.of(new Node.Text("hi "), new Node.Styled(Style.Basic.BOLD, List.of(new Node.Text("bold"))),
                        new Node.Styled(Style.Spoiler.of(), List.of(new Node.Text("secret"))),
                        new Node.Styled(new Style.Colour(Optional.of(Style.Rgb.of(255, 0, 0)), Optional.empty()), List.of(new Node.Text("red"))),
                        new Node.Link("https://example.org/?a=b&c", List.of(new Node.Text("link"))),
                        new Node.Mention(new MentionTarget.User(new UserId("@alice:example.org")), "Alice"),
                        new Node.Mention(new MentionTarget.Room(new RoomId("!r:example.org")), "room"),
                        new Node.Mention(new MentionTarget.Alias(new RoomAlias("#a:example.org")), "#a"),
                        new Node.Mention(new MentionTarget.Everyone(), "@room"),
                        new Node.LineBreak(),
                        new Node.Image(new MxcUri("example.org", "abc"), "alt", OptionalInt.of(10), OptionalInt.empty()))),
                new Node.Heading(2, List.of(new Node.Text("title"))),
                new Node.Quote(List.of(new Node.Text("quoted"))),
                new Node.CodeBlock(Optional.of("java"), "int x;\nx++;"),
                new Node.ListBlock(true, 3, List.of(List.of(new Node.Text("one")), List.of(new Node.Text("two")))),
                new Node.Rule()));
        RemoteMessageId id = new RemoteMessageId("m1", 2);
        List<RemoteEvent> events = List.of(
                new RemoteEvent.Message(ROOM, CAROL, Optional.of("Carol"), id, AT,
                        new MessageContent.Text(MessageContent.Text.Kind.EMOTE, rich), Optional.of(RemoteMessageId.of("m0")),
                        Optional.empty()),
                new RemoteEvent.Message(ROOM, CAROL, Optional.empty(), id, AT, new MessageContent.Media(
                        MessageContent.Media.MediaKind.IMAGE, "https://files/x.png", "x.png", Optional.of("image/png"),
                        Optional.of(1234L), Optional.of(FormattedText.plain("caption"))), Optional.empty(), Optional.of(id)),
                new RemoteEvent.Message(ROOM, CAROL, Optional.empty(), id, AT,
                        new MessageContent.Location("geo:1,2", "here"), Optional.empty()),
                new RemoteEvent.Edit(ROOM, CAROL, id, AT, MessageContent.Text.of("edited")),
                new RemoteEvent.Reaction(ROOM, CAROL, id, "👍", AT),
                new RemoteEvent.ReactionRemoved(ROOM, CAROL, id, "👍", AT),
                new RemoteEvent.Message(RemoteRoomId.perLogin("dm-1", "@alice:example.org"), CAROL, Optional.empty(), id,
                        AT, MessageContent.Text.of("per login"), Optional.empty()),
                new RemoteEvent.Delete(ROOM, CAROL, id, AT),
                new RemoteEvent.Membership(ROOM, CAROL, new RemoteUserId("dave"), RemoteEvent.Membership.Change.KICK,
                        Optional.of("spam"), AT),
                new RemoteEvent.RoomInfo(ROOM, CAROL, Optional.of("name"), Optional.empty(), Optional.of(""), AT),
                new RemoteEvent.Access(ROOM, CAROL, true, false, AT),
                new RemoteEvent.Profile(ROOM, CAROL, Optional.of("Carol C"), Optional.empty(), AT),
                new RemoteEvent.Receipt(ROOM, CAROL, id, AT),
                new RemoteEvent.PowerLevels(ROOM, CAROL, Map.of(CAROL, 50, new RemoteUserId("dave"), 0), AT),
                new RemoteEvent.Presence(ROOM, CAROL, true, Optional.of("lunch"), AT),
                new RemoteEvent.Typing(ROOM, CAROL, true, AT));
        for (RemoteEvent event : events) {
            String json = RemoteEventCodec.write(event);
            assertThat(RemoteEventCodec.read(json)).as(json).isEqualTo(event);
        }
    }
}
