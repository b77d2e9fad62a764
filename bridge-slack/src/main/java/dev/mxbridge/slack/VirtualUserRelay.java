package dev.mxbridge.slack;

import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import java.util.Optional;

/**
 * The bot relay posting each Matrix user under their own display name ({@code username}) and avatar
 * ({@code icon_url}, scope {@code chat:write.customize}): Slack's "virtual users". Slack fetches the icon itself, so
 * it must be a public URL: {@link AvatarLinks} makes one where a public base URL is configured; without one the post
 * carries the name only.
 */
final class VirtualUserRelay extends BotRelay implements NetworkClient.VirtualUsers {
    private final AvatarLinks avatars;

    VirtualUserRelay(SlackWeb web, SlackFiles files, Shared shared, String botUserId, AvatarLinks avatars) {
        super(web, files, shared, botUserId);
        this.avatars = avatars;
    }

    @Override
    Optional<Sender> sender(OutboundMessage message) {
        return Optional.of(new Sender(message.senderName(), message.senderAvatar().flatMap(avatars::url)));
    }
}
