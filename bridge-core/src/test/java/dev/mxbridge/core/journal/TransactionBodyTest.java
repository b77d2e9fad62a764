package dev.mxbridge.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** A transaction body read in one pass: each event journaled as sent, and the errors a whole-body parse would give. */
class TransactionBodyTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<Journal.NewEntry> parse(String body) {
        return TransactionBody.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachEventIsKeptAsTheHomeserverSentItEphemeralOnesLast() {
        String first = "{ \"type\" : \"m.room.message\", \"room_id\": \"!a:x\",\n \"content\": {\"body\": \"caf\\u00e9 ☕ \\\"q\\\"\"} }";
        String second = "{\"type\":\"m.typing\",\"room_id\":\"!b:x\",\"content\":{}}";
        String third = "{\"type\":\"m.presence\"}";
        List<Journal.NewEntry> entries = parse("{\"ephemeral\": [" + second + "], \"other\": {\"events\": 1},"
                + " \"events\": [" + first + ", " + third + "]}");

        assertThat(entries).extracting(Journal.NewEntry::json).containsExactly(first, third, second);
        assertThat(entries).extracting(Journal.NewEntry::lane).containsExactly("!a:x", "", "!b:x");
        assertThat(entries).extracting(Journal.NewEntry::ephemeral).containsExactly(false, false, true);
        assertThat(entries.getFirst().event().path("content").path("body").asString()).isEqualTo("café ☕ \"q\"");
    }

    @Test
    void theStableEphemeralKeyWinsOverTheUnstableOneEvenWhenThatIsMalformed() {
        assertThat(parse("{\"de.sorunome.msc2409.ephemeral\": 5, \"events\": [], \"ephemeral\": null}")).isEmpty();
        assertThat(parse("{\"events\": [], \"de.sorunome.msc2409.ephemeral\": [{\"type\": \"m.receipt\"}]}"))
                .extracting(Journal.NewEntry::ephemeral).containsExactly(true);
        assertThatThrownBy(() -> parse("{\"events\": [], \"de.sorunome.msc2409.ephemeral\": 5}"))
                .isInstanceOf(BadTransactionException.class).hasMessageContaining("'ephemeral' must be an array");
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(BadTransactionException.class)
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(BadTransactionException.class)
                .hasMessageContaining("'events' must be an array");
        assertThatThrownBy(() -> parse("{\"events\": {}}")).isInstanceOf(BadTransactionException.class)
                .hasMessageContaining("'events' must be an array");
        assertThatThrownBy(() -> parse("{\"events\": [{\"type\": \"m.x\"}, 3]}")).isInstanceOf(BadTransactionException.class)
                .hasMessageContaining("every event must be an object with a string 'type'");
        assertThatThrownBy(() -> parse("{\"events\": [{\"type\": \"m.x\", \"room_id\": 7}]}"))
                .isInstanceOf(BadTransactionException.class).hasMessageContaining("'room_id' must be a string");
    }

    @Test
    void malformedJsonWinsOverAWrongShapeSeenBeforeIt() {
        assertThatThrownBy(() -> parse("{\"events\": 5, \"x\": }")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> parse("{\"events\": []} trailing")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> parse("{\"events\": [{\"type\": 1}]")).isInstanceOf(JacksonException.class);
    }
}
