package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.network.MessageContent;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ContentMappingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theRelayUsesTheConfiguredFormatAndEmotesReadAsActions() {
        MessageContent text = MessageContent.Text.of("hello");
        assertThat(Contents.relayed("<{displayname}> {message}", "Alice", "@alice:x", text).plainText())
                .isEqualTo("<Alice> hello");
        assertThat(Contents.relayed("{message} — {displayname} ({userid})", "Alice", "@alice:x", text).plainText())
                .isEqualTo("hello — Alice (@alice:x)");
        MessageContent emote = new MessageContent.Text(MessageContent.Text.Kind.EMOTE, FormattedText.plain("waves"));
        assertThat(Contents.relayed("<{displayname}> {message}", "Alice", "@alice:x", emote).plainText())
                .isEqualTo("* Alice waves");
    }

    @Test
    void aDisplayNameCannotSmuggleLineBreaksIntoTheRelayedText() {
        MessageContent relayed = Contents.relayed("<{displayname}> {message}", "Eve\r\nQUIT", "@eve:x", MessageContent.Text.of("hi"));
        assertThat(relayed.plainText()).isEqualTo("<Eve  QUIT> hi").doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void matrixContentMapsToTheModelAndBack() {
        ObjectNode image = JSON.createObjectNode().put("msgtype", "m.image").put("body", "cat.png").put("url", "mxc://x/abc");
        image.putObject("info").put("mimetype", "image/png").put("size", 42);
        MessageContent media = Contents.toContent(image);
        assertThat(media).isInstanceOfSatisfying(MessageContent.Media.class, m -> {
            assertThat(m.kind()).isEqualTo(MessageContent.Media.MediaKind.IMAGE);
            assertThat(m.url()).isEqualTo("mxc://x/abc");
            assertThat(m.size()).contains(42L);
        });
        assertThat(Contents.toMatrixContent(media).path("msgtype").asString()).isEqualTo("m.image");

        ObjectNode notice = JSON.createObjectNode().put("msgtype", "m.notice").put("body", "beep");
        assertThat(Contents.toMatrixContent(Contents.toContent(notice)).path("msgtype").asString()).isEqualTo("m.notice");
    }

    @Test
    void aMediaBodyBesideADifferentFilenameIsItsCaption() {
        ObjectNode captioned = JSON.createObjectNode().put("msgtype", "m.file").put("body", "the invoice")
                .put("format", "org.matrix.custom.html").put("formatted_body", "the <b>invoice</b>")
                .put("filename", "invoice.pdf").put("url", "mxc://x/abc");
        assertThat(Contents.toContent(captioned)).isInstanceOfSatisfying(MessageContent.Media.class, m -> {
            assertThat(m.filename()).isEqualTo("invoice.pdf");
            assertThat(m.caption()).hasValueSatisfying(c -> assertThat(c.toPlainText()).isEqualTo("the invoice"));
        });
        ObjectNode plain = JSON.createObjectNode().put("msgtype", "m.file").put("body", "invoice.pdf")
                .put("filename", "invoice.pdf").put("url", "mxc://x/abc");
        assertThat(Contents.toContent(plain)).isInstanceOfSatisfying(MessageContent.Media.class,
                m -> assertThat(m.caption()).isEmpty());
    }

    @Test
    void remoteMediaWithACaptionIsOneMatrixEventWithTheCaptionAsItsFormattedBody() {
        FormattedText caption = MatrixHtml.parse("a <b>green</b> box");
        MessageContent photo = new MessageContent.Media(MessageContent.Media.MediaKind.IMAGE, "mxc://x/abc", "photo.jpg",
                Optional.of("image/jpeg"), Optional.of(42L), Optional.of(caption));

        ObjectNode content = Contents.toMatrixContent(photo);

        assertThat(content.path("msgtype").asString()).isEqualTo("m.image");
        assertThat(content.path("url").asString()).isEqualTo("mxc://x/abc");
        assertThat(content.path("filename").asString()).isEqualTo("photo.jpg");
        assertThat(content.path("body").asString()).isEqualTo("a green box");
        assertThat(content.path("format").asString()).isEqualTo("org.matrix.custom.html");
        assertThat(content.path("formatted_body").asString()).isEqualTo("a <strong>green</strong> box");
        assertThat(content.path("info").path("mimetype").asString()).isEqualTo("image/jpeg");
        assertThat(content.has("m.mentions")).isTrue();
        // and back: the same caption and file name
        assertThat(Contents.toContent(content)).isInstanceOfSatisfying(MessageContent.Media.class, m -> {
            assertThat(m.filename()).isEqualTo("photo.jpg");
            assertThat(m.caption()).hasValueSatisfying(c -> assertThat(MatrixHtml.render(c)).isEqualTo("a <strong>green</strong> box"));
        });
    }

    @Test
    void remoteMediaWithoutACaptionKeepsItsFileNameAsTheBody() {
        MessageContent file = new MessageContent.Media(MessageContent.Media.MediaKind.FILE, "mxc://x/abc", "report.txt",
                Optional.of("text/plain"), Optional.empty(), Optional.empty());

        ObjectNode content = Contents.toMatrixContent(file);

        assertThat(content.path("body").asString()).isEqualTo("report.txt");
        assertThat(content.has("filename")).isFalse();
        assertThat(content.has("formatted_body")).isFalse();
        assertThat(Contents.toContent(content)).isInstanceOfSatisfying(MessageContent.Media.class,
                m -> assertThat(m.caption()).isEmpty());
    }

    @Test
    void remoteTextThatLooksLikeHtmlArrivesEscaped() {
        ObjectNode content = Contents.toMatrixContent(MessageContent.Text.of("<script>alert(1)</script> & <b>x</b>"));
        assertThat(content.path("body").asString()).isEqualTo("<script>alert(1)</script> & <b>x</b>");
        assertThat(content.path("formatted_body").asString("")).doesNotContain("<script>").doesNotContain("<b>");
    }
}
