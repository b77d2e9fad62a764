package dev.mxbridge.irc;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS on the server link ({@code network.link.tls}): the ircd's certificate is either pinned by its SHA-256
 * ({@code tls_fingerprint}, compared in constant time; the usual case for a network's own self-signed certificate) or
 * checked against the JVM's trusted authorities and the link's host name. Accepting, the link presents the
 * certificate of {@code tls_keystore} and asks for none.
 */
final class LinkTls {
    private LinkTls() {
    }

    /** The connected socket wrapped in TLS, after a completed handshake. */
    static Socket wrap(Socket plain, LinkConfig config) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust(config.tlsFingerprint())}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, config.host(), config.port(), true);
            if (config.tlsFingerprint().isEmpty()) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                tls.setSSLParameters(parameters);
            }
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
    }

    /** An unbound TLS server socket with our certificate and key from the PKCS #12 keystore. */
    static ServerSocket listener(LinkConfig config) throws IOException {
        char[] password = config.tlsKeystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(config.tlsKeystore()))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context.getServerSocketFactory().createServerSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the keystore " + config.tlsKeystore() + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trust(String fingerprint) throws GeneralSecurityException {
        if (fingerprint.isEmpty()) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        byte[] pinned = HexFormat.of().parseHex(fingerprint);
        return new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                byte[] actual;
                try {
                    actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                } catch (GeneralSecurityException e) {
                    throw new CertificateException(e);
                }
                if (!MessageDigest.isEqual(actual, pinned)) {
                    throw new CertificateException("the IRC server's certificate is not the pinned one "
                            + "(network.link.tls_fingerprint); it has SHA-256 " + HexFormat.ofDelimiter(":")
                            .formatHex(actual));
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the link does not accept client certificates");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
