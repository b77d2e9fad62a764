package dev.mxbridge.core.remote;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.RemoteEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote events as JSON text, for the remote inbox's rows. The event records are written as they are, each sealed
 * family with a {@code "@type"} naming the record; the API types carry no annotations (mix-ins add them here).
 *
 * <p>A stored row must stay readable by later versions: rename or remove a record component only with a migration.
 */
final class RemoteEventCodec {
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(RemoteEvent.class, RemoteEventMixin.class)
            .addMixIn(MessageContent.class, MessageContentMixin.class)
            .addMixIn(Node.class, NodeMixin.class)
            .addMixIn(Style.class, StyleMixin.class)
            .addMixIn(MentionTarget.class, MentionTargetMixin.class)
            .build();

    private RemoteEventCodec() {
    }

    static String write(RemoteEvent event) {
        return JSON.writerFor(RemoteEvent.class).writeValueAsString(event);
    }

    static RemoteEvent read(String json) {
        return JSON.readValue(json, RemoteEvent.class);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = RemoteEvent.Message.class, name = "message"),
            @JsonSubTypes.Type(value = RemoteEvent.Edit.class, name = "edit"),
            @JsonSubTypes.Type(value = RemoteEvent.Reaction.class, name = "reaction"),
            @JsonSubTypes.Type(value = RemoteEvent.ReactionRemoved.class, name = "reaction-removed"),
            @JsonSubTypes.Type(value = RemoteEvent.Delete.class, name = "delete"),
            @JsonSubTypes.Type(value = RemoteEvent.Membership.class, name = "membership"),
            @JsonSubTypes.Type(value = RemoteEvent.RoomInfo.class, name = "room-info"),
            @JsonSubTypes.Type(value = RemoteEvent.Access.class, name = "access"),
            @JsonSubTypes.Type(value = RemoteEvent.Profile.class, name = "profile"),
            @JsonSubTypes.Type(value = RemoteEvent.Receipt.class, name = "receipt"),
            @JsonSubTypes.Type(value = RemoteEvent.PowerLevels.class, name = "power-levels"),
            @JsonSubTypes.Type(value = RemoteEvent.Presence.class, name = "presence"),
            @JsonSubTypes.Type(value = RemoteEvent.Typing.class, name = "typing")})
    private interface RemoteEventMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = MessageContent.Text.class, name = "text"),
            @JsonSubTypes.Type(value = MessageContent.Media.class, name = "media"),
            @JsonSubTypes.Type(value = MessageContent.Location.class, name = "location")})
    private interface MessageContentMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Node.Text.class, name = "text"),
            @JsonSubTypes.Type(value = Node.Styled.class, name = "styled"),
            @JsonSubTypes.Type(value = Node.Link.class, name = "link"),
            @JsonSubTypes.Type(value = Node.Mention.class, name = "mention"),
            @JsonSubTypes.Type(value = Node.Image.class, name = "image"),
            @JsonSubTypes.Type(value = Node.LineBreak.class, name = "br"),
            @JsonSubTypes.Type(value = Node.Paragraph.class, name = "p"),
            @JsonSubTypes.Type(value = Node.Heading.class, name = "heading"),
            @JsonSubTypes.Type(value = Node.Quote.class, name = "quote"),
            @JsonSubTypes.Type(value = Node.CodeBlock.class, name = "code"),
            @JsonSubTypes.Type(value = Node.ListBlock.class, name = "list"),
            @JsonSubTypes.Type(value = Node.Rule.class, name = "hr")})
    private interface NodeMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Style.Basic.class, name = "basic"),
            @JsonSubTypes.Type(value = Style.Spoiler.class, name = "spoiler"),
            @JsonSubTypes.Type(value = Style.Colour.class, name = "colour")})
    private interface StyleMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = MentionTarget.User.class, name = "user"),
            @JsonSubTypes.Type(value = MentionTarget.Room.class, name = "room"),
            @JsonSubTypes.Type(value = MentionTarget.Alias.class, name = "alias"),
            @JsonSubTypes.Type(value = MentionTarget.Everyone.class, name = "everyone")})
    private interface MentionTargetMixin {
    }
}
