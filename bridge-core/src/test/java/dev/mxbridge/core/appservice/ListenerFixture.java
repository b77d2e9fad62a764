package dev.mxbridge.core.appservice;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.handler.InboundEvent;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.journal.Inbox;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.journal.JournalFixture;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.web.WebRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AS listener for this package's tests: an {@link AppServiceServer} on a free port in front of an inbox on an H2
 * journal, a test registration ({@code _test_} users and aliases on {@code localhost}, protocol {@code testnet}), the
 * network routes given mounted under {@code /_mxbridge/testnet}, and the events handled recorded.
 */
final class ListenerFixture implements AutoCloseable {
    static final String TXN = "{\"events\":[{\"type\":\"m.room.message\",\"room_id\":\"!r:localhost\","
            + "\"event_id\":\"$e1\",\"sender\":\"@alice:localhost\",\"content\":{\"body\":\"hi\"}}]}";

    final Registration registration = Registration.builder().id("test").senderLocalpart("_test_bot")
            .exclusiveUsers("_test_", "localhost").exclusiveAliases("_test_", "localhost").protocol("testnet").build();
    final List<InboundEvent> handled = Collections.synchronizedList(new ArrayList<>());
    final HttpClient http = HttpClient.newHttpClient();
    final AppServiceServer server;
    private final Database db;
    private final Inbox inbox;

    ListenerFixture(Path dir, QueryHandler queries, List<WebRoute> routes, int maxBodyBytes) {
        db = JournalFixture.h2(dir);
        inbox = new Inbox(Journal.jdbc(db, Duration.ofDays(1)), handled::add, u -> false, JournalFixture.fastRetries(1),
                new SimpleMeterRegistry());
        inbox.start();
        server = new AppServiceServer(BridgeConfig.AppService.of("test", dir.resolve("reg.yaml"), "127.0.0.1", 0, maxBodyBytes),
                registration, inbox, queries, Optional::empty, () -> "# metrics\n", Map.of("/_mxbridge/testnet", routes)).start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** A request with {@code body} ({@code null}: none) and the {@code Authorization} header ({@code null}: none). */
    HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        inbox.close();
        db.close();
    }
}
