package dev.mxbridge.testkit.telegram;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The fake Bot API as a process of its own, for {@code scripts/demo telegram}: one bot ({@code @mxbridge_demo_bot},
 * privacy mode off), one user, Olga, and a public supergroup {@code @mxbridge_demo} where the bot is an
 * administrator. Nobody can use a Telegram app against a fake, so a small control API speaks for Olga:
 * <pre>
 * POST /say          the body is a message Olga sends to the group
 * GET  /messages     the group's history as JSON: [{"from": "...", "text": "..."}, ...]
 * </pre>
 * Usage: {@code FakeTelegramDemo <dir>}; writes {@code <dir>/fake-telegram.env} ({@code api_url}, {@code token},
 * {@code control_url}, {@code chat}, {@code username}) once listening, then runs until killed.
 */
public final class FakeTelegramDemo {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeTelegramDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: FakeTelegramDemo <dir>");
            System.exit(2);
        }
        FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build().start();
        FakeBot bot = telegram.newBot("mxbridge_demo_bot").firstName("mxbridge demo").canReadAllGroupMessages(true)
                .create();
        FakeUser olga = telegram.newUser("Olga").username("olga").create();
        FakeChat group = telegram.newSupergroup("mxbridge demo").username("mxbridge_demo").createdBy(olga)
                .adminBots(bot).create();

        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        control.createContext("/say", exchange -> {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "POST the text to say\n");
                return;
            }
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                answer(exchange, 400, "say something\n");
                return;
            }
            answer(exchange, 200, "message " + group.from(olga).text(text).messageId() + "\n");
        });
        control.createContext("/messages", exchange -> {
            ArrayNode history = JSON.createArrayNode();
            for (FakeMessage m : group.messages()) {
                var from = m.json().path("from");
                String name = from.path("is_bot").asBoolean(false) ? "@" + from.path("username").asString("")
                        : from.path("first_name").asString("");
                history.addObject().put("from", name).put("text", m.text().or(m::caption).orElse(""));
            }
            answer(exchange, 200, JSON.writeValueAsString(history) + "\n");
        });
        control.start();

        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path env = dir.resolve("fake-telegram.env");
        Files.writeString(dir.resolve("fake-telegram.env.tmp"), "api_url=" + telegram.baseUrl() + "\ntoken="
                + bot.token() + "\ncontrol_url=http://127.0.0.1:" + control.getAddress().getPort() + "\nchat="
                + group.id() + "\nusername=mxbridge_demo\n");
        Files.move(dir.resolve("fake-telegram.env.tmp"), env, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("fake Telegram Bot API at " + telegram.baseUrl() + ", control at http://127.0.0.1:"
                + control.getAddress().getPort());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            telegram.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("[") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
