package dev.mxbridge.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the homeserver (or anyone who has stolen its token) may send as a transaction body: whatever the bytes, the
 * reader answers with events or with one of its two documented exceptions, never another.
 */
class TransactionBodyPropertiesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VALID = "{\"events\":[{\"type\":\"m.room.message\",\"room_id\":\"!r:x\",\"sender\":\"@a:x\","
            + "\"event_id\":\"$e\",\"content\":{\"body\":\"hi\"}}],\"ephemeral\":[{\"type\":\"m.typing\",\"room_id\":\"!r:x\","
            + "\"content\":{\"user_ids\":[]}}],\"de.sorunome.msc2409.to_device\":[]}";
    private static final List<String> PIECES = List.of("{", "}", "[", "]", ",", ":", "\"", "\"events\"", "\"ephemeral\"",
            "\"room_id\"", "\"event_id\"", "\"type\"", "\"content\"", "null", "true", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"",
            "\"!r:x\"", "\"$e\"", " ", "\n", "{\"a\":", "[[[[", "]]]]", "\"m.room.message\"", "12345678901234567890");

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> pieces = Arbitraries.of(PIECES).list().ofMaxSize(60).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, VALID.length() - 1).list().ofMinSize(1).ofMaxSize(5)
                .map(cuts -> {
                    StringBuilder s = new StringBuilder(VALID);
                    for (int cut : cuts) {
                        if (cut < s.length()) {
                            s.deleteCharAt(cut);
                        }
                    }
                    return s.toString().getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(pieces, mutated, random);
    }

    @Property(tries = 2_000)
    void anyBodyGivesEventsOrADocumentedRefusal(@ForAll("bodies") byte[] body) {
        try {
            List<Journal.NewEntry> entries = TransactionBody.parse(JSON, body);
            assertThat(entries).doesNotContainNull();
        } catch (JacksonException | BadTransactionException expected) {
            // the AS API answers 400 M_NOT_JSON or M_BAD_JSON
        }
    }
}
