package dev.mxbridge.core.http;

import java.net.http.HttpClient;
import javax.net.ssl.SSLParameters;

/**
 * Builders for the core's JDK HTTP clients whose TLS set-up waits for the first {@code https} connection.
 *
 * <p>A plain {@link HttpClient#newBuilder()} takes {@code SSLContext.getDefault()} and its default parameters when it
 * is built: that loads the TLS stack and the CA certificates (about 5 MiB of RSS and 430 classes) in a bridge that
 * may only ever speak {@code http://} to a homeserver on the same host. These builders give the client the same
 * default context behind a {@link LazyDefaultTls} that makes it on first use, and empty parameters, which leave
 * protocols and cipher suites at the default context's choice; the client still sets host name verification and
 * ALPN on every connection itself.
 */
public final class HttpClients {
    private static final LazyDefaultTls TLS = new LazyDefaultTls();

    private HttpClients() {
    }

    /** A builder with the lazily made default TLS context; the rest is {@link HttpClient#newBuilder()}'s. */
    public static HttpClient.Builder builder() {
        return builder(TLS);
    }

    static HttpClient.Builder builder(LazyDefaultTls tls) {
        return HttpClient.newBuilder().sslContext(tls).sslParameters(new SSLParameters());
    }
}
