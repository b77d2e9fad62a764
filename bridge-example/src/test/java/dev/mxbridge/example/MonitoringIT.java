package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operator's dashboard ({@code ops/grafana/mxbridge.json}) and alert rules ({@code ops/prometheus/alerts.yml})
 * query only metrics a bridge exports: each name their expressions use is on a running bridge's {@code /metrics}, or
 * (for another network's own metrics) registered in that network's source. A renamed meter fails here, not on an
 * operator's blank panel or silent alert.
 */
class MonitoringIT {
    static final Path DIR = ItSupport.dir("monitoring");
    static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();
    /** Series Prometheus makes itself rather than scrapes. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");
    /** Grafana's {@code label_values(<series>, <label>)} in a variable's query. */
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)");

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, new ExampleNetwork(chat));

    static Set<String> exported;

    @BeforeAll
    static void trafficBothWaysThenScrape() throws Exception {
        TestUser alice = bridge.user("Alice");
        chat.createRoom("watched", "Watched");
        String portal = alice.join("#_example_watched:localhost");
        alice.sendText(portal, "hello network");
        ItSupport.await("the message posted on the network", Duration.ofSeconds(20),
                () -> chat.posts("watched").stream().anyMatch(p -> p.text().endsWith("hello network")));
        exported = seriesNames(scrape());
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(OPS.resolve("grafana/mxbridge.json")));
        Set<String> queried = new TreeSet<>();
        dashboard.findValues("expr").forEach(e -> queried.addAll(PromQl.metricNames(e.asString())));
        dashboard.path("templating").path("list").forEach(v -> queried.addAll(PromQl.metricNames(
                LABEL_VALUES.matcher(v.path("definition").asString("")).replaceAll("$1")))); // the label is no metric

        assertThat(queried).as("the dashboard's queries were read").contains("mxbridge_transactions_total",
                "mxbridge_journal_lag_seconds_bucket", "mxbridge_events_failed_total", "mxbridge_remote_events_total",
                "slack_bot_token_ok", "irc_connections", "irc_reconnects_total", "irc_lines_sent_total",
                "irc_lines_throttled_total", "telegram_receiving", "telegram_updates_received_total",
                "telegram_sends_total", "telegram_flood_waits_total");
        assertThat(missing(queried)).as("queried by the dashboard but exported by no bridge").isEmpty();
    }

    @Test
    void everyMetricTheAlertRulesQueryIsExported() throws IOException {
        JsonNode rules = YAMLMapper.builder().build().readTree(Files.readString(OPS.resolve("prometheus/alerts.yml")));
        Set<String> queried = new TreeSet<>();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(rule.path("alert").asString());
                queried.addAll(PromQl.metricNames(rule.path("expr").asString()));
            }
        }

        assertThat(alerts).contains("MxbridgeJournalLagRising", "MxbridgeEventsFailed", "MxbridgeHomeserverUnreachable",
                "MxbridgeSlackTokenRefused", "MxbridgeRemoteNetworkSilent", "MxbridgeIrcBotDisconnected",
                "MxbridgeTelegramNotReceiving");
        assertThat(queried).as("the rules' expressions were read").contains("mxbridge_journal_lag_seconds_bucket",
                "mxbridge_events_failed_total", "mxbridge_journal_oldest_age_seconds", "slack_bot_token_ok",
                "irc_connections", "telegram_receiving");
        assertThat(missing(queried)).as("queried by an alert but exported by no bridge").isEmpty();
    }

    @Test
    void theCheckSeesAMetricNoBridgeExports() {
        assertThat(missing(PromQl.metricNames("rate(mxbridge_transaction_total[5m]) > 0 and slack_bot_token_okay == 0")))
                .containsExactly("mxbridge_transaction_total", "slack_bot_token_okay");
    }

    private static Set<String> missing(Set<String> queried) {
        Set<String> known = new TreeSet<>(exported);
        known.addAll(PROMETHEUS_OWN);
        for (String module : new String[] {"bridge-irc", "bridge-slack", "bridge-telegram"}) {
            known.addAll(RegisteredMeters.in(Path.of("..", module, "src", "main", "java")));
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(known);
        return missing;
    }

    private static String scrape() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    /** The series names in a Prometheus text exposition: {@code name{labels} value} lines, comments skipped. */
    static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    /** The metric names a PromQL expression selects. */
    static final class PromQl {
        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
        private static final Pattern LABEL_LIST = Pattern.compile(
                "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
        private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
        private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
        private static final Pattern IDENT = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\\w)(\\s*\\()?");
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
                "on", "ignoring", "group_left", "group_right", "inf", "nan");

        static Set<String> metricNames(String expr) {
            String e = STRING.matcher(expr).replaceAll("\"\"");
            e = MATCHERS.matcher(e).replaceAll(" ");
            e = LABEL_LIST.matcher(e).replaceAll(" ");
            e = RANGE.matcher(e).replaceAll(" ");
            e = e.replaceAll("\\boffset\\s+\\w+", " ");
            Set<String> names = new TreeSet<>();
            Matcher m = IDENT.matcher(e);
            while (m.find()) {
                boolean function = m.group(2) != null;
                if (!function && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                    names.add(m.group(1));
                }
            }
            return names;
        }
    }

    /**
     * The exposition names of the meters a network registers in its source ({@code Counter.builder("x")} is
     * {@code x_total}, a timer's {@code x_seconds_bucket}, ...): the metrics of networks this test does not run.
     */
    static final class RegisteredMeters {
        private static final Pattern BUILDER = Pattern.compile("\\b(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"");

        static Set<String> in(Path sources) {
            Set<String> names = new TreeSet<>();
            if (!Files.isDirectory(sources)) {
                return names;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = BUILDER.matcher(read(f));
                    while (m.find()) {
                        String name = m.group(2).replace('.', '_');
                        switch (m.group(1)) {
                            case "Counter" -> names.add(name + "_total");
                            case "Gauge" -> names.add(name);
                            case "Timer" -> Stream.of("_count", "_sum", "_max", "_bucket")
                                    .forEach(s -> names.add(name + "_seconds" + s));
                            default -> Stream.of("_count", "_sum", "_max", "_bucket").forEach(s -> names.add(name + s));
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return names;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
