package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.png;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMediaGroup;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVoice;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramFilesTest {
    private static final int DOWNLOAD_LIMIT = 64 * 1024;
    private static final int UPLOAD_LIMIT = 256 * 1024;

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none())
            .downloadLimit(DOWNLOAD_LIMIT).uploadLimit(UPLOAD_LIMIT).build();

    private final FakeBot bot = telegram.newBot("files_" + System.nanoTime() % 100000 + "_bot").create();
    private final FakeUser alice = telegram.newUser("Alice").create();
    private final FakeChat chat = alice.startBot(bot);
    private final OkHttpTelegramClient client = client(telegram, bot);

    @Test
    void aMultipartPhotoComesBackAsSizesAndDownloadsThroughTheFileHost() throws Exception {
        byte[] image = png(1000, 500);

        Message sent = client.execute(SendPhoto.builder().chatId(alice.id()).caption("<i>sunset</i>").parseMode("HTML")
                .photo(new InputFile(new ByteArrayInputStream(image), "sunset.png")).build());
        PhotoSize largest = sent.getPhoto().getLast();
        File file = client.execute(new GetFile(largest.getFileId()));
        HttpResponse<byte[]> download = TelegramFixtures.get(telegram.fileUrl(bot, file.getFilePath()));

        assertThat(sent.getPhoto()).extracting(PhotoSize::getWidth).containsExactly(90, 320, 800, 1000);
        assertThat(largest.getHeight()).isEqualTo(500);
        assertThat(sent.getCaption()).isEqualTo("sunset");
        assertThat(sent.getCaptionEntities()).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("italic"));
        assertThat(file.getFileSize()).isEqualTo(image.length);
        assertThat(file.getFilePath()).startsWith("photos/");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(image);
        assertThat(telegram.calls("sendPhoto").getLast().files()).hasSize(1);
    }

    @Test
    void aDocumentKeepsItsNameAndCanBeSentAgainByFileId() throws Exception {
        byte[] pdf = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);

        Message first = client.execute(SendDocument.builder().chatId(alice.id())
                .document(new InputFile(new ByteArrayInputStream(pdf), "report.pdf")).build());
        Message again = client.execute(SendDocument.builder().chatId(alice.id())
                .document(new InputFile(first.getDocument().getFileId())).build());

        assertThat(first.getDocument().getFileName()).isEqualTo("report.pdf");
        assertThat(first.getDocument().getMimeType()).isEqualTo("application/pdf");
        assertThat(again.getDocument().getFileId()).isEqualTo(first.getDocument().getFileId());
        assertThat(chat.messages()).hasSize(3);
    }

    @Test
    void anAlbumSharesAMediaGroupId() throws Exception {
        List<Message> album = client.execute(SendMediaGroup.builder().chatId(alice.id()).medias(List.of(
                InputMediaPhoto.builder().media(new ByteArrayInputStream(png(40, 40)), "a.png").caption("two").build(),
                InputMediaPhoto.builder().media(new ByteArrayInputStream(png(50, 50)), "b.png").build())).build());

        assertThat(album).hasSize(2);
        assertThat(album.get(0).getMediaGroupId()).isNotNull().isEqualTo(album.get(1).getMediaGroupId());
        assertThat(album.get(0).getCaption()).isEqualTo("two");
        assertThat(album.get(1).getPhoto().getLast().getWidth()).isEqualTo(50);
    }

    @Test
    void notAnImageIsRefusedAsAPhoto() {
        TelegramApiRequestException error = apiError(() -> client.execute(SendPhoto.builder().chatId(alice.id())
                .photo(new InputFile(new ByteArrayInputStream(new byte[] {1, 2, 3}), "x.png")).build()));

        assertThat(error.getApiResponse()).isEqualTo("Bad Request: IMAGE_PROCESS_FAILED");
    }

    @Test
    void anUploadOverTheLimitIsTooLarge() {
        TelegramApiRequestException error = apiError(() -> client.execute(SendVoice.builder().chatId(alice.id())
                .voice(new InputFile(new ByteArrayInputStream(new byte[UPLOAD_LIMIT + 1]), "long.ogg")).build()));

        assertThat(error.getErrorCode()).isEqualTo(413);
        assertThat(error.getApiResponse()).isEqualTo("Request Entity Too Large");
    }

    @Test
    void aUsersFileOverTheDownloadLimitCannotBeFetched() throws Exception {
        chat.from(alice).send(Content.document(new byte[DOWNLOAD_LIMIT + 1], "big.bin", "application/octet-stream"));
        chat.from(alice).send(Content.voice("OggS".getBytes(StandardCharsets.US_ASCII), 3).caption("listen"));

        List<Update> updates = updates(client, 0);
        String bigId = updates.get(updates.size() - 2).getMessage().getDocument().getFileId();
        var voice = updates.getLast().getMessage().getVoice();
        TelegramApiRequestException tooBig = apiError(() -> client.execute(new GetFile(bigId)));
        File small = client.execute(new GetFile(voice.getFileId()));

        assertThat(tooBig.getApiResponse()).isEqualTo("Bad Request: file is too big");
        assertThat(voice.getDuration()).isEqualTo(3);
        assertThat(voice.getMimeType()).isEqualTo("audio/ogg");
        assertThat(updates.getLast().getMessage().getCaption()).isEqualTo("listen");
        assertThat(TelegramFixtures.get(telegram.fileUrl(bot, small.getFilePath())).body())
                .isEqualTo("OggS".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theFileHostWantsAKnownTokenAndPath() throws Exception {
        assertThat(TelegramFixtures.get(URI.create(telegram.baseUrl() + "/file/bot1:nope/photos/file_1.jpg"))
                .statusCode()).isEqualTo(401);
        assertThat(TelegramFixtures.get(telegram.fileUrl(bot, "photos/no_such_file.jpg")).statusCode()).isEqualTo(404);
    }
}
