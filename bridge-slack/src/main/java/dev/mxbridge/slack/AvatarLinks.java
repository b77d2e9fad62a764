package dev.mxbridge.slack;

import com.sun.net.httpserver.HttpExchange;
import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.client.MxcUri;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public, unguessable links to Matrix avatars for virtual users' {@code icon_url}:
 * {@code <public_base_url>/slack/avatar/<HMAC of the mxc URI>/<server>/<media id>}, served by the bridge's Slack HTTP
 * listener, which fetches the image from the media repository. Only URIs the bridge signed are served, so the
 * listener is no open proxy to the media repository. The key is made at start; links are good while the bridge runs
 * (Slack fetches an icon when the message is posted).
 */
final class AvatarLinks {
    static final String PATH = "/slack/avatar/";
    private final Optional<URI> base;
    private final byte[] key = new byte[32];
    private final Function<MxcUri, Media> download;

    AvatarLinks(Optional<URI> publicBaseUrl, Function<MxcUri, Media> download) {
        this.base = publicBaseUrl;
        this.download = download;
        new SecureRandom().nextBytes(key);
    }

    boolean enabled() {
        return base.isPresent();
    }

    /** The public link of an avatar, if a public base URL is configured. */
    Optional<String> url(String mxc) {
        Optional<MxcUri> uri = MxcUri.tryParse(mxc);
        if (base.isEmpty() || uri.isEmpty()) {
            return Optional.empty();
        }
        String root = base.get().toString().replaceAll("/+$", "");
        return Optional.of(root + PATH + sign(uri.get()) + "/" + uri.get().server() + "/" + uri.get().mediaId());
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().substring(PATH.length()).split("/");
            if (parts.length != 3) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            MxcUri mxc = new MxcUri(parts[1], parts[2]);
            if (!MessageDigest.isEqual(sign(mxc).getBytes(StandardCharsets.US_ASCII), parts[0].getBytes(StandardCharsets.US_ASCII))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Media media = download.apply(mxc);
            exchange.getResponseHeaders().set("Content-Type", media.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
            exchange.sendResponseHeaders(200, media.content().length);
            exchange.getResponseBody().write(media.content());
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private String sign(MxcUri mxc) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((mxc.server() + "/" + mxc.mediaId()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
