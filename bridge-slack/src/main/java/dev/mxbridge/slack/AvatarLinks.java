package dev.mxbridge.slack;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public, unguessable links to Matrix avatars for virtual users' {@code icon_url}:
 * {@code <public_base_url>/_mxbridge/slack/avatar/<HMAC of the mxc URI>/<server>/<media id>}, served on the bridge's
 * listener, which fetches the image from the media repository. Only URIs the bridge signed are served, so the
 * listener is no open proxy to the media repository. The key is made at start; links are good while the bridge runs
 * (Slack fetches an icon when the message is posted).
 */
final class AvatarLinks {
    static final String PATH = SlackConnector.WEB_PREFIX + "/avatar/";
    /** The route, relative to the bridge's web prefix. */
    static final String ROUTE = "avatar/{token}/{server}/{media}";
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

    WebResponse serve(WebRequest request) {
        if (!enabled()) {
            return WebResponse.empty(404);
        }
        MxcUri mxc;
        try {
            mxc = new MxcUri(request.pathParams().get("server"), request.pathParams().get("media"));
        } catch (IllegalArgumentException e) {
            return WebResponse.empty(404);
        }
        byte[] token = request.pathParams().get("token").getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(sign(mxc).getBytes(StandardCharsets.US_ASCII), token)) {
            return WebResponse.empty(404);
        }
        try {
            Media media = download.apply(mxc);
            return new WebResponse(200, media.contentType(), media.content(), Map.of("Cache-Control", "public, max-age=86400"));
        } catch (RuntimeException e) {
            return WebResponse.empty(502);
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
