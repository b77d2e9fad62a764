package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The backfill settings of the network section: Slack's non-Marketplace page as default, threads on, a short wait. */
class BackfillRulesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SlackSettings parse(String moreJson) {
        return SlackSettings.parse(JSON.readTree("{\"bot_token\":\"xoxb-1\",\"app_token\":\"xapp-1\"" + moreJson + "}"), Map.of());
    }

    @Test
    void defaultsReadOnePageOf15WithThreadsAsFastAsAllowed() {
        assertThat(parse("").backfill()).isEqualTo(new SlackSettings.BackfillRules(15, 15, true, Duration.ZERO, Duration.ofSeconds(2)));
    }

    @Test
    void everyKnobIsRead() {
        SlackSettings.BackfillRules rules = parse(",\"backfill_limit\":\"40\",\"backfill_page_size\":\"10\","
                + "\"backfill_threads\":\"false\",\"backfill_interval\":\"60s\",\"backfill_wait\":\"0s\"").backfill();

        assertThat(rules).isEqualTo(new SlackSettings.BackfillRules(40, 10, false, Duration.ofSeconds(60), Duration.ZERO));
    }

    @Test
    void aPageSizeSlackCannotServeIsAProblemOfTheSection() {
        assertThatThrownBy(() -> parse(",\"backfill_page_size\":\"0\"")).isInstanceOf(SlackBridgeException.class)
                .hasMessageContaining("backfill_page_size must be 1 to 999");
    }
}
