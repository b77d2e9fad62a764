package dev.mxbridge.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {

    private static Registration example() {
        return Registration.builder().id("irc").url(URI.create("http://127.0.0.1:29300")).senderLocalpart("_irc_bot")
                .exclusiveUsers("_irc_", "example.org").exclusiveAliases("_irc_", "example.org").protocol("irc").build();
    }

    @Test
    void generatedTokensAreLongRandomAndUrlSafe() {
        Registration a = example();
        Registration b = example();
        assertThat(a.asToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(a.asToken()).isNotEqualTo(a.hsToken()).isNotEqualTo(b.asToken());
    }

    @Test
    void prefixesBecomeExclusiveNamespacesWithTheServerNameEscaped() {
        Registration r = example();
        assertThat(r.users()).singleElement().isEqualTo(Namespace.exclusive("@_irc_.*:example\\.org"));
        assertThat(r.isBridgeUser("@_irc_alice:example.org", "example.org")).isTrue();
        assertThat(r.isBridgeUser("@_irc_bot:example.org", "example.org")).isTrue();
        assertThat(r.isBridgeUser("@_irc_alice:exampleXorg", "example.org")).isFalse();
        assertThat(r.ownsAlias("#_irc_#matrix:example.org")).isTrue();
        assertThat(r.validate()).isEmpty();
    }

    @Test
    void yamlRoundTripKeepsEveryFieldAndWritesTheLegacyEphemeralKey(@TempDir Path dir) throws Exception {
        Registration r = example();
        Path file = dir.resolve("registration.yaml");
        RegistrationYaml.write(r, file);
        String text = Files.readString(file);
        assertThat(text).contains("receive_ephemeral: true", "de.sorunome.msc2409.push_ephemeral: true",
                "io.element.msc4190: false", "rate_limited: false");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(RegistrationYaml.read(file)).isEqualTo(r);
    }

    @Test
    void theWrittenFileSaysWhereSynapseAndDendriteLoadIt() {
        assertThat(RegistrationYaml.format(example())).contains("app_service_config_files in Synapse's homeserver.yaml",
                "app_service_api.config_files\n# in Dendrite's dendrite.yaml");
    }

    @Test
    void theLegacyEphemeralKeyAloneTurnsEphemeralOn() {
        Registration r = RegistrationYaml.parse("""
                id: x
                url: null
                as_token: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                hs_token: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                sender_localpart: bot
                namespaces: {users: [{regex: "@_x_.*", exclusive: true}]}
                de.sorunome.msc2409.push_ephemeral: true
                """);
        assertThat(r.receiveEphemeral()).isTrue();
        assertThat(r.url()).isEmpty();
        assertThat(r.rateLimited()).as("homeserver default").isTrue();
    }

    @Test
    void missingFieldsAreAllReportedAtOnce() {
        assertThatThrownBy(() -> RegistrationYaml.parse("id: x\nnamespaces: {users: [{exclusive: true}]}"))
                .isInstanceOf(InvalidRegistrationException.class)
                .hasMessageContaining("as_token is missing")
                .hasMessageContaining("hs_token is missing")
                .hasMessageContaining("sender_localpart is missing")
                .hasMessageContaining("entry without a regex");
    }

    @Test
    void validationNamesEachProblemPrecisely() {
        Registration bad = Registration.builder().id("x").url(URI.create("ftp://host/")).senderLocalpart("Bot!")
                .asToken("same").hsToken("same").user(Namespace.exclusive("@_x_[.*")).build();
        assertThatThrownBy(bad::validate).isInstanceOf(InvalidRegistrationException.class)
                .satisfies(e -> assertThat(((InvalidRegistrationException) e).problems()).containsExactlyInAnyOrder(
                        "url must be an http or https URL with a host, got 'ftp://host/'",
                        "as_token and hs_token must differ",
                        "sender_localpart 'Bot!' is not a valid localpart (allowed: a-z 0-9 . _ = - / +)",
                        "namespaces.users regex '@_x_[.*' does not compile: Unclosed character class"));
    }

    @Test
    void exclusiveNamespacesWithoutUnderscoreAndShortTokensAreWarnedAbout() {
        Registration r = Registration.builder().id("x").senderLocalpart("bot").asToken("short-as").hsToken("short-hs")
                .user(Namespace.exclusive("@irc_.*:example\\.org")).alias(new Namespace("#irc_.*", false)).build();
        assertThat(r.validate()).containsExactly(
                "as_token is only 8 characters; use at least 32 random characters",
                "hs_token is only 8 characters; use at least 32 random characters",
                "namespaces.users regex '@irc_.*:example\\.org' is exclusive but does not start with '@_': "
                        + "exclusive namespaces should start with an underscore");
    }

    @Test
    void tokensCompareEqualOnlyWhenIdentical() {
        assertThat(Tokens.matches("secret", "secret")).isTrue();
        assertThat(Tokens.matches("secret", "secreT")).isFalse();
        assertThat(Tokens.matches("secret", "secret2")).isFalse();
        assertThat(Tokens.matches("secret", null)).isFalse();
    }
}
