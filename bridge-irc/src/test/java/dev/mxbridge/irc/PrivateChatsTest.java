package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateChatsTest {
    private final List<RemoteEvent> pushed = new ArrayList<>();
    private final PrivateChats chats = new PrivateChats(nick -> nick.endsWith("[m]"), pushed::add,
            InstantSource.system(), "t");

    @Test
    void aChatIsThePerLoginRoomOfTheNickAsTheMatrixUsersPuppetReceivesIt() {
        PrivateChats.Chat chat = new PrivateChats.Chat("@alice:example.org", "bob");
        RemoteRoomId room = chat.room();
        assertThat(room).isEqualTo(RemoteRoomId.perLogin("bob", "@alice:example.org"));
        assertThat(PrivateChats.parse(room)).contains(chat);
        assertThat(PrivateChats.parse(new RemoteRoomId("#chan"))).isEmpty();
        assertThat(chat.portalKey()).isEqualTo("pm:@alice:example.org:bob");
        assertThat(PrivateChats.fromPortalKey("pm:@alice:example.org:bob")).contains(chat);
        assertThat(PrivateChats.fromPortalKey("pm:@alice:example.org:")).isEmpty();
        assertThat(PrivateChats.fromPortalKey("#chan")).isEmpty();
    }

    @Test
    void onlyPrivateMessagesFromOthersBecomeChatMessages() {
        chats.line("@alice:x", ":bob!b@h PRIVMSG AliceM[m] :hi");
        chats.line("@alice:x", ":bob!b@h PRIVMSG #chan :in a channel");
        chats.line("@alice:x", ":NickServ!s@h NOTICE AliceM[m] :identify");
        chats.line("@alice:x", ":Carol[m]!c@h PRIVMSG AliceM[m] :from another puppet");
        assertThat(pushed).singleElement().isInstanceOfSatisfying(RemoteEvent.Message.class, m -> {
            assertThat(m.room()).isEqualTo(RemoteRoomId.perLogin("bob", "@alice:x"));
            assertThat(m.sender().value()).isEqualTo("bob");
            assertThat(m.content().plainText()).isEqualTo("hi");
        });
    }
}
