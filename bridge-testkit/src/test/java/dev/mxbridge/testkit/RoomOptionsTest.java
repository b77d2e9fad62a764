package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomOptionsTest {
    @Test
    void defaultIsAnUnlistedPrivateChat() {
        assertThat(RoomOptions.create().toRequest())
                .isEqualTo(Map.of("preset", "private_chat", "visibility", "private"));
    }

    @Test
    void publicRoomWithNameAliasAndInviteesMapsToCreateRoomFields() {
        RoomOptions base = RoomOptions.create().name("Lobby");
        RoomOptions options = base.alias("lobby").invite("@a:localhost").invite("@b:localhost").publicRoom();
        assertThat(options.toRequest()).isEqualTo(Map.of("preset", "public_chat", "visibility", "public",
                "name", "Lobby", "room_alias_name", "lobby", "invite", List.of("@a:localhost", "@b:localhost")));
        assertThat(base.toRequest()).doesNotContainKey("room_alias_name");
    }

    @Test
    void aliasTakesTheLocalPartOnly() {
        assertThatThrownBy(() -> RoomOptions.create().alias("#lobby:localhost"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
