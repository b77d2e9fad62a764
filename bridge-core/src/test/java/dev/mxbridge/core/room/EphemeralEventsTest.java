package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EphemeralEventsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theNewestSpecVersionDecidesWhetherEphemeralEventsArePromised() {
        // Dendrite 0.13.8 and Synapse 1.163, as their /_matrix/client/versions list them (abridged)
        var dendrite = EphemeralEvents.newest(JSON.readTree("[\"r0.0.1\", \"r0.6.1\", \"v1.0\", \"v1.2\", \"v1.1\"]"));
        var synapse = EphemeralEvents.newest(JSON.readTree("[\"r0.6.1\", \"v1.9\", \"v1.13\", \"v1.15\", \"v1.14\"]"));
        assertThat(dendrite).contains("v1.2");
        assertThat(synapse).contains("v1.15");
        assertThat(EphemeralEvents.requiresEphemeral("v1.2")).isFalse();
        assertThat(EphemeralEvents.requiresEphemeral("v1.12")).isFalse();
        assertThat(EphemeralEvents.requiresEphemeral("v1.13")).isTrue();
        assertThat(EphemeralEvents.requiresEphemeral("v2.0")).isTrue();
        assertThat(EphemeralEvents.newest(JSON.readTree("[\"r0.6.1\"]"))).isEmpty();
    }

    @Test
    void oneArrivingSettlesIt() {
        EphemeralEvents events = new EphemeralEvents();
        assertThat(events.available()).isFalse();
        events.seen();
        assertThat(events.available()).isTrue();
    }
}
