package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HomeserverTest {
    @Test
    void registrationMacIsHmacSha1OverNulSeparatedFields() {
        // Expected value from Python: hmac.new(b"secret", b"abcdef\0alice\0pw\0notadmin", hashlib.sha1).hexdigest()
        assertThat(Homeserver.mac("secret", "abcdef", "alice", "pw"))
                .isEqualTo("e8415f65718c949ebcde9e80ee6c3f05f5f6b13c");
    }

    @Test
    void unstartedHomeserverExplainsHowToRegisterIt() {
        Homeserver hs = Homeserver.synapse().build();
        assertThatThrownBy(hs::baseUrl).isInstanceOf(TestKitException.class).hasMessageContaining("static field");
    }

    @Test
    void implementationsAreNamedInAnyCaseAndAnUnknownNameIsRefusedWithTheChoices() {
        assertThat(Homeserver.Implementation.of("Dendrite")).isEqualTo(Homeserver.Implementation.DENDRITE);
        assertThat(Homeserver.Implementation.of(" synapse ")).isEqualTo(Homeserver.Implementation.SYNAPSE);
        assertThatThrownBy(() -> Homeserver.Implementation.of("conduit")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("synapse or dendrite");
    }

    @Test
    void theConfiguredImplementationIsTheSystemPropertysOrSynapse() {
        String before = System.getProperty(Homeserver.PROPERTY);
        try {
            System.clearProperty(Homeserver.PROPERTY);
            assertThat(Homeserver.configured().build().implementation()).isEqualTo(Homeserver.Implementation.SYNAPSE);
            System.setProperty(Homeserver.PROPERTY, "dendrite");
            assertThat(Homeserver.configured().build().implementation()).isEqualTo(Homeserver.Implementation.DENDRITE);
            assertThat(Homeserver.dendrite().build()).hasToString("Homeserver[dendrite not created]");
        } finally {
            if (before == null) {
                System.clearProperty(Homeserver.PROPERTY);
            } else {
                System.setProperty(Homeserver.PROPERTY, before);
            }
        }
    }

    @Test
    void rejectsInstanceNamesThatAreNotPlainFileNames() {
        assertThatThrownBy(() -> Homeserver.synapse().name("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
