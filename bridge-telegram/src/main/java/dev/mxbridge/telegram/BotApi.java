package dev.mxbridge.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The bot's connection to the Bot API: the telegrambots client pointed at the configured server, with a read timeout
 * longer than a long poll (OkHttp's default 10 s would cut them), and file downloads from the configured server (the
 * library's {@code File.getFileUrl} always names api.telegram.org).
 */
final class BotApi {
    private final TelegramConfig config;
    private final OkHttpClient http;
    private final TelegramClient client;
    private volatile Optional<User> me = Optional.empty();

    BotApi(TelegramConfig config) {
        this.config = config;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
                .readTimeout(config.pollTimeout().plusSeconds(20)).writeTimeout(Duration.ofSeconds(60)).build();
        int port = config.apiUrl().getPort() > 0 ? config.apiUrl().getPort()
                : config.apiUrl().getScheme().equals("https") ? 443 : 80;
        this.client = new OkHttpTelegramClient(http, config.token(),
                new TelegramUrl(config.apiUrl().getScheme(), config.apiUrl().getHost(), port, false));
    }

    TelegramClient client() {
        return client;
    }

    /** The bot itself, asked once ({@code getMe}) and then remembered; {@link #refreshMe} asks again. */
    User me() throws TelegramApiException {
        Optional<User> known = me;
        return known.isPresent() ? known.get() : refreshMe();
    }

    User refreshMe() throws TelegramApiException {
        User user = client.execute(new GetMe());
        me = Optional.of(user);
        return user;
    }

    /**
     * A user's file, if the bot may fetch it.
     *
     * @throws FileTooBigException if it is over the download limit (Telegram: 20 MB for bots)
     */
    byte[] download(String fileId, Optional<Long> knownSize) throws TelegramApiException, IOException {
        if (knownSize.filter(s -> s > config.downloadLimit()).isPresent()) {
            throw new FileTooBigException(knownSize.get());
        }
        File file;
        try {
            file = client.execute(new GetFile(fileId));
        } catch (TelegramApiRequestException e) {
            if (String.valueOf(e.getApiResponse()).contains("file is too big")) {
                throw new FileTooBigException(knownSize.orElse(0L));
            }
            throw e;
        }
        String url = config.apiUrl().toString().replaceAll("/+$", "") + "/file/bot" + config.token() + "/"
                + file.getFilePath();
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw new IOException("the file host answered " + response.code() + " for " + file.getFilePath());
            }
            return body.bytes();
        }
    }

    /** A file over the bot's download limit. */
    static final class FileTooBigException extends IOException {
        private static final long serialVersionUID = 1L;
        final long size;

        FileTooBigException(long size) {
            super("file too big for a bot to download");
            this.size = size;
        }
    }

    /** Seconds Telegram asks us to wait ({@code parameters.retry_after} of a 429), if this is a flood error. */
    static Optional<Integer> retryAfter(Throwable e) {
        return e instanceof TelegramApiRequestException r && r.getParameters() != null
                ? Optional.ofNullable(r.getParameters().getRetryAfter()) : Optional.empty();
    }

    /** The supergroup a group became ({@code parameters.migrate_to_chat_id}), if that is why a call failed. */
    static Optional<Long> migratedTo(Throwable e) {
        return e instanceof TelegramApiRequestException r && r.getParameters() != null
                ? Optional.ofNullable(r.getParameters().getMigrateToChatId()) : Optional.empty();
    }

    static int errorCode(Throwable e) {
        return e instanceof TelegramApiRequestException r && r.getErrorCode() != null ? r.getErrorCode() : 0;
    }

    static String describe(Throwable e) {
        return e instanceof TelegramApiRequestException r && r.getApiResponse() != null ? r.getApiResponse()
                : String.valueOf(e.getMessage());
    }
}
