package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresServerTest {
    @Test
    void databaseNamesArePlainUniqueIdentifiers() {
        String name = PostgresServer.databaseName("Störe$Nested_IT");
        assertThat(name).matches("mxb_st_re_nested_it_[0-9a-f]{8}").hasSizeLessThan(64);
        assertThat(PostgresServer.databaseName("X".repeat(100))).hasSizeLessThan(64);
        assertThat(PostgresServer.databaseName("A")).isNotEqualTo(PostgresServer.databaseName("A"));
    }
}
