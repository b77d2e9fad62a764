/**
 * bridge-core: the shared engine of Matrix application-service bridges. Exports the API a bridge is written
 * against; implementation classes stay package-private.
 */
module dev.mxbridge.core {
    // The API a bridge is written against. The engine (appservice, journal, message, remote, room, seal, store,
    // user) is not exported: ArchitectureTest keeps it that way.
    exports dev.mxbridge.core;
    exports dev.mxbridge.core.cli;
    exports dev.mxbridge.core.client;
    exports dev.mxbridge.core.command;
    exports dev.mxbridge.core.config;
    exports dev.mxbridge.core.format;
    exports dev.mxbridge.core.handler;
    exports dev.mxbridge.core.network;
    exports dev.mxbridge.core.registration;
    exports dev.mxbridge.core.secret;
    exports dev.mxbridge.core.web;

    requires transitive tools.jackson.databind;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires tools.jackson.dataformat.yaml;
    requires io.javalin;
    requires com.github.benmanes.caffeine;
    requires com.zaxxer.hikari;
    requires com.h2database; // H2Housekeeping reaches the MVStore behind the JDBC connection
    requires flyway.core;
    requires info.picocli;
    requires me.tongfei.progressbar; // migrate-db's progress bar on a terminal
    requires java.net.http;
    requires java.sql;
    requires transitive org.slf4j; // every bridge logs through SLF4J, as the core does
    requires org.jsoup;

    opens dev.mxbridge.core.cli to info.picocli;
    opens dev.mxbridge.core.store.migration;
}
