package dev.mxbridge.testkit.telegram;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.function.Executable;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** The real telegrambots client pointed at a fake, and small helpers the Telegram tests share. */
final class TelegramFixtures {
    /** Longer than any long poll in the tests: OkHttp's default (10 s) would cut them. */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(70)).build();
    static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TelegramFixtures() {
    }

    static OkHttpTelegramClient client(FakeTelegram telegram, FakeBot bot) {
        return client(telegram, bot.token());
    }

    static OkHttpTelegramClient client(FakeTelegram telegram, String token) {
        return new OkHttpTelegramClient(HTTP, token, new TelegramUrl("http", "127.0.0.1", telegram.port(), false));
    }

    /** Everything pending from {@code offset} on, without waiting. */
    static List<Update> updates(OkHttpTelegramClient client, int offset) throws TelegramApiException {
        return client.execute(GetUpdates.builder().offset(offset).timeout(0).build());
    }

    /** Confirms everything pending, so a test starts from an empty queue. */
    static int drain(OkHttpTelegramClient client) throws TelegramApiException {
        List<Update> pending = updates(client, 0);
        int next = pending.isEmpty() ? 0 : pending.getLast().getUpdateId() + 1;
        if (next != 0) {
            updates(client, next);
        }
        return next;
    }

    /** The API error a call ends in, as the library reports it. */
    static TelegramApiRequestException apiError(Executable call) {
        return assertThrows(TelegramApiRequestException.class, call);
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        return RAW.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> post(URI uri, String contentType, String body) throws IOException, InterruptedException {
        return RAW.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
