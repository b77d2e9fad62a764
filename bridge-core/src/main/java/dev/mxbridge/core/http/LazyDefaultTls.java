package dev.mxbridge.core.http;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * {@code SSLContext.getDefault()}, made on the first call that needs it rather than when a client is built.
 * Thread-safe. Like the default context, it cannot be initialised again.
 */
final class LazyDefaultTls extends SSLContext {
    private final Spi spi;

    LazyDefaultTls() {
        this(new Spi());
    }

    private LazyDefaultTls(Spi spi) {
        super(spi, null, "Default");
        this.spi = spi;
    }

    /** Whether this has made the default context yet. */
    boolean made() {
        return spi.context != null;
    }

    private static final class Spi extends SSLContextSpi {
        private volatile SSLContext context;

        private SSLContext context() {
            SSLContext c = context;
            if (c == null) {
                synchronized (this) {
                    c = context;
                    if (c == null) {
                        try {
                            context = c = SSLContext.getDefault();
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("this JVM has no default TLS context", e);
                        }
                    }
                }
            }
            return c;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }
    }
}
