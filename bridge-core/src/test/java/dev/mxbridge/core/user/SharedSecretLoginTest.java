package dev.mxbridge.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.secret.Secret;
import org.junit.jupiter.api.Test;

class SharedSecretLoginTest {
    @Test
    void theTokenIsTheHexHmacSha512OfTheUserIdAsSharedSecretAuthenticatorComputesIt() {
        // python3: hmac.new(b'secret', b'@ida:localhost', hashlib.sha512).hexdigest()
        assertThat(SharedSecretLogin.token(Secret.of("secret"), new UserId("@ida:localhost")).reveal()).isEqualTo(
                "d84d00c0b036fc037cef44e6638a11442fc411da16e5849f4a0c614c6b6f1d11"
                        + "1fb77c43c8c87f5144786f93401ceddd0853e87930be6efe9ab4877af08f8e99");
    }
}
