package dev.mxbridge.slack;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.NetworkContext;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reaction keys both ways, with the workspace's custom emoji ({@code emoji.list}, read once and again after
 * {@code emoji_changed}). A standard Slack name is its Unicode emoji; a custom one is its image
 * ({@code custom_emoji: image}: copied once to the media repository, the {@code mxc://} URI as the key, which
 * Matrix clients that show image reactions render) or {@code :name:} ({@code name}, the default); an alias
 * ({@code alias:other}) is what it names. Back to Slack, an image we copied is its name again.
 *
 * <p>Thread-safe.
 */
final class CustomEmoji {
    private static final String IMAGES = "slack.emoji.image";
    private static final String NAMES = "slack.emoji.name";
    private static final int MAX_ALIASES = 5;

    private final SlackWeb web;
    private final SlackFiles files;
    private final NetworkContext context;
    private final boolean images;
    private final AtomicReference<Map<String, String>> list = new AtomicReference<>();
    private final Map<String, String> copied = new ConcurrentHashMap<>();

    CustomEmoji(SlackWeb web, SlackFiles files, NetworkContext context, boolean images) {
        this.web = web;
        this.files = files;
        this.context = context;
        this.images = images;
    }

    /** The Matrix reaction key of a Slack emoji name (without colons). */
    String key(String name) {
        return resolve(name).map(r -> r.unicode().or(r::mxc).orElseThrow()).orElse(":" + name + ":");
    }

    /**
     * A custom emoji in message text: an alias of a standard emoji as its Unicode, and with {@code image} the picture
     * as an inline image ({@code :name:} its alternative text, 32 pixels high); empty for what stays {@code :name:}.
     */
    Optional<Node> inText(String name) {
        if (Emojis.unicode(name).isPresent()) {
            return Optional.empty(); // a standard name that JEmoji does not replace in text (a skin tone)
        }
        return resolve(name).map(r -> r.unicode().<Node>map(Node.Text::new).orElseGet(() -> new Node.Image(
                MxcUri.tryParse(r.mxc().orElseThrow()).orElseThrow(), ":" + name + ":", OptionalInt.empty(), OptionalInt.of(32))));
    }

    /** What a name stands for: a Unicode emoji, or a copied picture ({@code mxc://}). */
    private record Resolved(Optional<String> unicode, Optional<String> mxc) {
    }

    private Optional<Resolved> resolve(String name) {
        Optional<String> standard = Emojis.unicode(name);
        if (standard.isPresent()) {
            return Optional.of(new Resolved(standard, Optional.empty()));
        }
        String target = name;
        String url = custom().get(target);
        for (int hops = 0; url != null && url.startsWith("alias:") && hops < MAX_ALIASES; hops++) {
            target = url.substring("alias:".length());
            Optional<String> aliased = Emojis.unicode(target);
            if (aliased.isPresent()) {
                return Optional.of(new Resolved(aliased, Optional.empty()));
            }
            url = custom().get(target);
        }
        if (images && url != null && !url.startsWith("alias:")) {
            Optional<String> mxc = image(target, url);
            if (mxc.isPresent()) {
                return Optional.of(new Resolved(Optional.empty(), mxc));
            }
        }
        return Optional.empty();
    }

    /** The Slack name (without colons) of a Matrix reaction key. */
    String name(String key) {
        if (key.startsWith("mxc://")) {
            return context.store().get(NAMES, key).orElseThrow(() ->
                    new SlackBridgeException("that image reaction is no custom emoji of the Slack workspace"));
        }
        return Emojis.name(key).orElseGet(() -> key.replace(":", ""));
    }

    /** {@code emoji_changed}: read the list again when next needed. */
    void changed() {
        list.set(null);
    }

    private Optional<String> image(String name, String url) {
        String known = copied.get(url);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> stored = context.store().get(IMAGES, url);
        if (stored.isEmpty()) {
            stored = files.avatar(url, context);
            stored.ifPresent(mxc -> {
                context.store().put(IMAGES, url, mxc);
                context.store().put(NAMES, mxc, name);
            });
        }
        stored.ifPresent(mxc -> copied.put(url, mxc));
        return stored;
    }

    private Map<String, String> custom() {
        Map<String, String> known = list.get();
        if (known == null) {
            try {
                known = Map.copyOf(web.call("emoji.list", c -> c.emojiList(r -> r)).getEmoji());
            } catch (SlackBridgeException e) {
                return Map.of(); // without emoji:read the names stay names; the watch told the admins
            }
            list.set(known);
        }
        return known;
    }
}
