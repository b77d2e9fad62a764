package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExampleChatTest {
    @Test
    void aChatWithAHistoryKeepsOnlyItsLastPostsAndRefusesToEditAForgottenOne() {
        ExampleChat chat = new ExampleChat(2);
        chat.createRoom("r", "R");
        ExampleChat.Post first = chat.post("r", "ann", "one", Optional.empty());
        chat.react(first.id(), "bob", "👍");
        chat.post("r", "ann", "two", Optional.empty());
        chat.post("r", "ann", "three", Optional.empty());

        assertThat(chat.posts("r")).extracting(ExampleChat.Post::text).containsExactly("two", "three");
        assertThat(chat.reactions(first.id())).isEmpty();
        assertThatThrownBy(() -> chat.edit(first.id(), "one, edited")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(first.id());
        assertThatThrownBy(() -> chat.delete(first.id())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chat.react(first.id(), "bob", "🎉")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListenerHearsNothingAboutAnUnknownPost() {
        ExampleChat chat = new ExampleChat();
        chat.createRoom("r", "R");
        List<ExampleChat.Change> heard = new ArrayList<>();
        chat.listen(heard::add);
        ExampleChat.Post kept = chat.post("r", "ann", "kept", Optional.empty());

        assertThatThrownBy(() -> chat.edit("p404", "x")).isInstanceOf(IllegalArgumentException.class);
        chat.unreact("p404", "bob", "👍");
        chat.edit(kept.id(), "kept, edited");

        assertThat(heard).extracting(c -> c.getClass().getSimpleName()).containsExactly("Posted", "Edited");
        assertThat(chat.posts("r")).singleElement().extracting(ExampleChat.Post::text).isEqualTo("kept, edited");
    }

    @Test
    void aHistoryOfNoPostsIsRefused() {
        assertThatThrownBy(() -> new ExampleChat(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
