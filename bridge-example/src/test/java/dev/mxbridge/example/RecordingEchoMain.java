package dev.mxbridge.example;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/**
 * The echo bridge as its own process for the crash test: every event handed to the handler is appended to a log
 * ({@code event_id TAB replayed}) before the echo is sent. Arguments: config file, log file.
 */
public final class RecordingEchoMain {
    private RecordingEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        FileChannel log = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Bridge.builder(ConfigYaml.read(config, "example")).handler(b -> {
            EchoBridge echo = new EchoBridge(b);
            return event -> {
                String line = event.eventId().orElse("-") + "\t" + event.replayed() + "\n";
                synchronized (log) {
                    try {
                        log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                echo.handle(event);
            };
        }).start();
        Thread.currentThread().join();
    }
}
