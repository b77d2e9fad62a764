package dev.mxbridge.testkit.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mxbridge.testkit.TestPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A fake Slack as a program, for {@code scripts/demo slack}: a workspace with the person {@code bob} and the channel
 * {@code #demo} (bob and the bot), until killed. It writes {@code key=value} lines (the Web API URL, the tokens, the
 * control URL) to the file named by its argument, and takes a little control API for acting as people:
 *
 * <pre>
 * curl -d user=bob -d channel=demo --data-urlencode 'text=hello' http://127.0.0.1:PORT/post   # a message
 * curl 'http://127.0.0.1:PORT/messages?channel=demo'                                           # what is there
 * </pre>
 *
 * A {@code user} not yet in the workspace is added and joins the channel first.
 */
public final class FakeSlackDemo {
    private final FakeSlack slack;

    private FakeSlackDemo(FakeSlack slack) {
        this.slack = slack;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: FakeSlackDemo <info file>");
            System.exit(2);
        }
        FakeSlack slack = FakeSlack.create().start();
        slack.postMessageInterval(Duration.ZERO);
        SlackUser bob = slack.addUser("bob", "Bob Builder");
        slack.addChannel("demo", bob, slack.botUser());
        FakeSlackDemo demo = new FakeSlackDemo(slack);
        int port = TestPorts.free();
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        control.createContext("/post", exchange -> demo.answer(exchange, demo::post));
        control.createContext("/messages", exchange -> demo.answer(exchange, demo::messages));
        control.start();
        Path info = Path.of(args[0]);
        Path partial = info.resolveSibling(info.getFileName() + ".partial");
        Files.writeString(partial, """
                api_url=%s
                bot_token=%s
                app_token=%s
                team=%s
                control=http://127.0.0.1:%d
                """.formatted(slack.methodsUrl(), slack.botToken(), slack.appToken(), slack.teamId(), port));
        Files.move(partial, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            slack.close();
            stopped.countDown();
        }, "fake-slack-demo-stop"));
        stopped.await();
    }

    /** What one control request does: its answer, or an exception whose message is the 400's body. */
    @FunctionalInterface
    private interface Action {
        String run(Map<String, String> params);
    }

    private void answer(HttpExchange exchange, Action action) throws IOException {
        try (exchange) {
            Map<String, String> params = form(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
            params.putAll(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = 200;
            String body;
            try {
                body = action.run(params);
            } catch (IllegalArgumentException e) {
                status = 400;
                body = e.getMessage() + "\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String post(Map<String, String> params) {
        SlackChannel channel = channel(params);
        String name = required(params, "user");
        SlackUser user = slack.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseGet(() -> {
            SlackUser added = slack.addUser(name);
            slack.join(added, channel);
            return added;
        });
        if (!slack.channel(channel.id()).members().contains(user.id())) {
            slack.join(user, channel);
        }
        return slack.post(user, channel, required(params, "text")).ts() + "\n";
    }

    private String messages(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (SlackMessage m : slack.messages(channel(params))) {
            String who = m.username().orElseGet(() -> slack.user(m.user()).name());
            out.append(m.ts()).append(' ').append(who).append(": ").append(m.text()).append('\n');
        }
        return out.toString();
    }

    private SlackChannel channel(Map<String, String> params) {
        String name = params.getOrDefault("channel", "demo").replaceFirst("^#", "");
        return slack.channels().stream().filter(c -> name.equals(c.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel #" + name));
    }

    private static String required(Map<String, String> params, String key) {
        String value = params.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> out = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
