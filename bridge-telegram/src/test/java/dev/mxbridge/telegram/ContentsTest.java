package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.MessageContent.Media.MediaKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;

/** A Telegram file with a caption is one message part (one Matrix media event), and its caption's edit edits it. */
class ContentsTest {
    private static final MessageContent.Media PHOTO = new MessageContent.Media(MediaKind.IMAGE, "mxc://x/photo",
            "photo.jpg", Optional.of("image/jpeg"), Optional.of(1234L), Optional.empty());
    private static final MessageContent TOO_LARGE = Contents.notice("big.bin (30.0 MB) is too large for the bridge to fetch");
    private static final Entities.Mentions NO_MENTIONS = new Entities.Mentions() {
        @Override
        public Node byId(long userId, String text) {
            return new Node.Text(text);
        }

        @Override
        public Optional<Node> byUsername(String username, String text) {
            return Optional.empty();
        }
    };

    private static Optional<FormattedText> caption(String text, MessageEntity... entities) {
        return Optional.of(Entities.toFormatted(text, List.of(entities), NO_MENTIONS));
    }

    @Test
    void aFileWithACaptionIsOnePartCarryingTheCaptionWithItsEntities() {
        List<MessageContent> parts = Contents.fileAndCaption(PHOTO,
                caption("a green box", MessageEntity.builder().type("bold").offset(2).length(5).build()));

        assertThat(parts).singleElement().isInstanceOfSatisfying(MessageContent.Media.class, m -> {
            assertThat(m.url()).isEqualTo("mxc://x/photo");
            assertThat(m.filename()).isEqualTo("photo.jpg");
            assertThat(m.size()).contains(1234L);
            assertThat(m.caption()).hasValueSatisfying(c -> {
                assertThat(c.toPlainText()).isEqualTo("a green box");
                assertThat(MatrixHtml.render(c)).isEqualTo("a <strong>green</strong> box");
            });
        });
    }

    @Test
    void aFileWithoutACaptionIsTheFileAlone() {
        assertThat(Contents.fileAndCaption(PHOTO, Optional.empty())).containsExactly(PHOTO);
    }

    @Test
    void aFileTooLargeToFetchIsTheNoticeThenTheCaptionAsText() {
        List<MessageContent> parts = Contents.fileAndCaption(TOO_LARGE, caption("the big one"));

        assertThat(parts).hasSize(2);
        assertThat(parts.getFirst()).isEqualTo(TOO_LARGE);
        assertThat(parts.get(1)).isInstanceOfSatisfying(MessageContent.Text.class,
                t -> assertThat(t.text().toPlainText()).isEqualTo("the big one"));
    }

    @Test
    void aCaptionEditReplacesTheFilePartOrTheCaptionAfterANotice() {
        assertThat(Contents.editedFile(PHOTO, caption("sunrise"))).hasValueSatisfying(e -> {
            assertThat(e.part()).isZero();
            assertThat(e.content()).isInstanceOfSatisfying(MessageContent.Media.class, m -> {
                assertThat(m.url()).as("the same upload").isEqualTo("mxc://x/photo");
                assertThat(m.caption().map(FormattedText::toPlainText)).contains("sunrise");
            });
        });
        assertThat(Contents.editedFile(PHOTO, Optional.empty())).as("a caption removed: the file without one")
                .hasValueSatisfying(e -> assertThat(((MessageContent.Media) e.content()).caption()).isEmpty());
        assertThat(Contents.editedFile(TOO_LARGE, caption("the bigger one"))).hasValueSatisfying(e -> {
            assertThat(e.part()).isEqualTo(1);
            assertThat(e.content().plainText()).isEqualTo("the bigger one");
        });
        assertThat(Contents.editedFile(TOO_LARGE, Optional.empty())).isEmpty();
    }
}
