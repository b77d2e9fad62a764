package dev.mxbridge.testkit.slack;

import io.javalin.Javalin;

/** The fake's HTTP and WebSocket routes on 127.0.0.1, served by Javalin (Jetty). */
final class Server {
    private static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;
    private static final String SIGN_IN_PAGE = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Sign in | Slack</title>"
            + "</head><body><h1>Sign in to your workspace</h1><p>You need to sign in to see this page.</p></body></html>\n";

    private Server() {
    }

    static Javalin start(int port, WebApi webApi, FakeSocketMode socketMode, FakeOAuth oauth, FileMethods files, byte[] avatar) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = port;
            cfg.http.maxRequestSize = MAX_UPLOAD_BYTES;
            var r = cfg.routes;
            r.get("/api/{method}", webApi::handle);
            r.post("/api/{method}", webApi::handle);
            r.ws("/link", ws -> {
                ws.onConnect(socketMode::onConnect);
                ws.onMessage(socketMode::onMessage);
                ws.onClose(socketMode::onClose);
            });
            r.get("/oauth/v2/authorize", oauth::page);
            r.post("/oauth/v2/authorize", oauth::decide);
            r.post("/upload/v1/{key}", files::receive);
            r.get("/files-pri/{ref}/{name}", files::download);
            r.get("/files-pri/{ref}/download/{name}", files::download);
            r.get("/avatars/{name}", ctx -> ctx.contentType("image/png").result(avatar));
            r.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(SIGN_IN_PAGE));
        }).start();
    }
}
