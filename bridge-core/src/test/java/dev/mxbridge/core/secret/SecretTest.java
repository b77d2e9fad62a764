package dev.mxbridge.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    record Login(String user, Secret password) {
    }

    @Test
    void toStringNeverShowsTheValueNotEvenInsideARecord() {
        Secret secret = Secret.of("hunter2");
        assertThat(secret).hasToString("***");
        assertThat(new Login("alice", secret).toString()).isEqualTo("Login[user=alice, password=***]");
        assertThat(String.valueOf(secret) + " " + secret).doesNotContain("hunter2");
    }

    @Test
    void theValueIsReadWithReveal() {
        assertThat(Secret.of("hunter2").reveal()).isEqualTo("hunter2");
        assertThat(Secret.of("").isEmpty()).isTrue();
        assertThat(Secret.empty()).isEqualTo(Secret.of(""));
    }

    @Test
    void secretsAreEqualByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"));
        assertThat(Secret.of("a")).isNotEqualTo(Secret.of("b")).isNotEqualTo("a");
    }
}
