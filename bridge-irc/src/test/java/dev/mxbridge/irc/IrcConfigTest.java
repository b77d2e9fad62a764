package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class IrcConfigTest {
    private static JsonNode yaml(String text) {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void onlyTheHostIsRequired() {
        IrcConfig config = IrcConfig.parse(yaml("host: irc.example.org"));
        assertThat(config.server().host()).isEqualTo("irc.example.org");
        assertThat(config.server().port()).isEqualTo(6667);
        assertThat(config.server().tls()).isFalse();
        assertThat(config.nick()).isEqualTo("mxbridge");
        assertThat(config.nickTemplate()).isEqualTo("{displayname}[m]");
        assertThat(config.quitDebounce()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sasl()).isEmpty();
        assertThat(config.requireMatrixJoined()).isTrue();
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void everySettingIsRead() {
        IrcConfig config = IrcConfig.parse(yaml("""
                host: irc.libera.chat
                tls: true
                password: secret
                nick: bridgebot
                sasl_username: bridgebot
                sasl_password: pw
                nick_template: '{localpart}|m'
                max_nick_length: 16
                message_delay: 250ms
                quit_debounce: 1m
                puppet_connect_interval: 1s
                max_puppets: 5
                require_matrix_joined: false
                idle_timeout: 0s
                """));
        assertThat(config.server().port()).as("TLS port by default").isEqualTo(6697);
        assertThat(config.server().password()).contains("secret");
        assertThat(config.server().messageDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.sasl()).contains(new IrcConfig.Sasl("bridgebot", "pw"));
        assertThat(config.nickTemplate()).isEqualTo("{localpart}|m");
        assertThat(config.maxNickLength()).isEqualTo(16);
        assertThat(config.quitDebounce()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.connectInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxPuppets()).isEqualTo(5);
        assertThat(config.requireMatrixJoined()).isFalse();
        assertThat(config.idleTimeout()).isZero();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                port: 99999
                nick: 'two words'
                sasl_username: only
                nick_template: '[m]'
                quit_debounce: soon
                require_matrix_joined: maybe
                idle_timeout: -PT1H
                """))).isInstanceOf(IrcBridgeException.class)
                .hasMessageContaining("network.host is required")
                .hasMessageContaining("network.nick")
                .hasMessageContaining("sasl_username and network.sasl_password")
                .hasMessageContaining("nick_template")
                .hasMessageContaining("network.quit_debounce")
                .hasMessageContaining("network.require_matrix_joined")
                .hasMessageContaining("network.idle_timeout must not be negative");
    }

    @Test
    void channelRulesAndStaticMappingsAreRead() {
        IrcConfig config = IrcConfig.parse(yaml("""
                host: h
                channels: {allow: ['#matrix*', '#ops'], deny: '#matrix-secret'}
                mappings:
                  '#Matrix': '!abc:example.org'
                  '#ops': ['!one:example.org', '!two:example.org']
                """));
        assertThat(config.channels()).isEqualTo(new ChannelRules(List.of("#matrix*", "#ops"), List.of("#matrix-secret")));
        assertThat(config.mappings()).containsOnly(Map.entry("#matrix", List.of("!abc:example.org")),
                Map.entry("#ops", List.of("!one:example.org", "!two:example.org")));
    }

    @Test
    void aMappingOfADeniedChannelOrToSomethingThatIsNoRoomIdIsReported() {
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                channels: {deny: ['#secret']}
                mappings: {'#secret': '!abc:example.org', '#ok': '#alias:example.org', 'nochannel': '!x:y'}
                """))).hasMessageContaining("network.mappings: #secret is excluded from bridging by the operator")
                .hasMessageContaining("network.mappings.#ok: room ids look like !abc:example.org")
                .hasMessageContaining("network.mappings: nochannel is not a channel name");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("{host: h, send_timeout: 0s, channels: {allow: {a: b}}}")))
                .hasMessageContaining("network.send_timeout must be positive")
                .hasMessageContaining("network.channels.allow must be a list of channel patterns");
    }

    @Test
    void aBadPortIsReported() {
        assertThatThrownBy(() -> IrcConfig.parse(yaml("{host: h, port: 0}"))).hasMessageContaining("port");
        assertThat(IrcConfig.parse(yaml("{host: h, port: 7000}")).server().password()).isEqualTo(Optional.empty());
    }

    @Test
    void ircv3CapabilitiesDefaultToWhatTheBridgeUsesAndPuppetsAskForTheirShare() {
        IrcConfig defaults = IrcConfig.parse(yaml("host: irc.example.org"));
        assertThat(defaults.server().capabilities()).containsExactlyElementsOf(IrcConfig.DEFAULT_CAPABILITIES)
                .contains("server-time", "echo-message", "multi-prefix", "draft/relaymsg");
        assertThat(defaults.puppetCapabilities()).containsExactly("server-time", "message-tags", "echo-message",
                "cap-notify");
        IrcConfig chosen = IrcConfig.parse(yaml("host: h\ncapabilities: [multi-prefix, away-notify]"));
        assertThat(chosen.server().capabilities()).containsExactly("multi-prefix", "away-notify");
        assertThat(chosen.puppetCapabilities()).isEmpty();
        assertThat(IrcConfig.parse(yaml("host: h\ncapabilities: []")).server().capabilities()).isEmpty();
    }

    @Test
    void capabilitiesMustBeAListOfWords() {
        assertThatThrownBy(() -> IrcConfig.parse(yaml("host: h\ncapabilities: server-time")))
                .hasMessageContaining("network.capabilities must be a list");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("host: h\ncapabilities: ['a b']")))
                .hasMessageContaining("single words");
    }

    @Test
    void aLinkSectionSelectsServerLinkModeWithTheNetworksHostAndPortByDefault() {
        IrcConfig config = IrcConfig.parse(yaml("""
                host: irc.example.org
                port: 6668
                link:
                  protocol: rfc2813
                  server_name: matrix.example.org
                  send_password: ours
                  accept_password: theirs
                """));
        LinkConfig link = config.link().orElseThrow();
        assertThat(link.protocol()).isEqualTo(LinkConfig.Protocol.RFC2813);
        assertThat(link.serverName()).isEqualTo("matrix.example.org");
        assertThat(link.host()).isEqualTo("irc.example.org");
        assertThat(link.port()).isEqualTo(6668);
        assertThat(link.sendPassword()).isEqualTo("ours");
        assertThat(link.acceptPassword()).isEqualTo("theirs");
        assertThat(link.retryMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(link.retryMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(link.toString()).doesNotContain("ours").doesNotContain("theirs");
        assertThat(IrcConfig.parse(yaml("host: h")).link()).isEmpty();
    }

    @Test
    void aLinkSectionIsCheckedWithEveryProblemAtOnce() {
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link:
                  server_name: not_a_host
                  send_password: ":x"
                  accept: true
                  port: 70000
                """)))
                .hasMessageContaining("network.link.protocol is required: rfc2813")
                .hasMessageContaining("network.link.server_name must be a dotted host name")
                .hasMessageContaining("network.link.send_password must be one word")
                .hasMessageContaining("network.link.accept_password is required")
                .hasMessageContaining("network.link.listen_port is required with accept: true")
                .hasMessageContaining("network.link.port must be 1 to 65535");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, server_name: m.example.org, send_password: a, accept_password: b}
                """))).hasMessageContaining("network.link.sid is required for ts6");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: MX0, server_name: m.example.org, send_password: a, accept_password: b}
                """))).hasMessageContaining("network.link.sid is required for ts6").hasMessageContaining("not MX0");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: rfc2813, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b}
                """))).hasMessageContaining("network.link.sid is for ts6 only");
        LinkConfig ts6 = IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b}
                """)).link().orElseThrow();
        assertThat(ts6.protocol()).isEqualTo(LinkConfig.Protocol.TS6);
        assertThat(ts6.sid()).isEqualTo("0MX");
        assertThat(ts6.toString()).doesNotContain("a,", "b]").contains("0MX");
        assertThat(ts6.accepts()).isFalse();
        LinkConfig accepting = IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       accept: true, listen_port: 7000, listen_host: 127.0.0.1}
                """)).link().orElseThrow();
        assertThat(accepting.accepts()).isTrue();
        assertThat(accepting.toString()).contains("accepting from h on 127.0.0.1:7000");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       accept: yes please, listen_port: 99999}
                """))).hasMessageContaining("network.link.accept must be true or false");
        LinkConfig tls = IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       tls: true, tls_fingerprint: "%s"}
                """.formatted("AB:".repeat(31) + "AB"))).link().orElseThrow();
        assertThat(tls.tls()).isTrue();
        assertThat(tls.tlsFingerprint()).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       tls_fingerprint: abc, accept: true, listen_port: 7000}
                """))).hasMessageContaining("tls_fingerprint must be a SHA-256");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       tls: true, accept: true, listen_port: 7000}
                """))).hasMessageContaining("network.link.tls_keystore is required for tls with accept: true");
        LinkConfig acceptingTls = IrcConfig.parse(yaml("""
                host: h
                link: {protocol: ts6, sid: 0MX, server_name: m.example.org, send_password: a, accept_password: b,
                       tls: true, accept: true, listen_port: 7000, tls_keystore: k.p12, tls_keystore_password: sec}
                """)).link().orElseThrow();
        assertThat(acceptingTls.tlsKeystore()).isEqualTo("k.p12");
        assertThat(acceptingTls.toString()).doesNotContain("sec");
        assertThatThrownBy(() -> IrcConfig.parse(yaml("host: h\nlink: yes"))).hasMessageContaining("network.link must be a mapping");
    }
}
