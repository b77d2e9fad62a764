package dev.mxbridge.testkit.slack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A bare WebSocket client (the JDK's), for what the SDK's Socket Mode client never does. */
final class RawSocket implements WebSocket.Listener {
    private final CompletableFuture<String> firstText = new CompletableFuture<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;

    static RawSocket open(String url) throws Exception {
        RawSocket raw = new RawSocket();
        raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), raw).get(10, TimeUnit.SECONDS);
        return raw;
    }

    String awaitText() throws Exception {
        return firstText.get(10, TimeUnit.SECONDS);
    }

    int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        firstText.complete(data.toString());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }
}
