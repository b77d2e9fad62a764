package dev.mxbridge.testkit.telegram;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a bot's updates to its webhook, one at a time in {@code update_id} order (Telegram sends several chats in
 * parallel, up to {@code max_connections}, but keeps each chat's order; one at a time keeps that and more). An
 * update is confirmed by a 2xx answer; anything else is recorded for {@code getWebhookInfo} as Telegram words it
 * ("Wrong response from the webhook: 500 Internal Server Error") and retried after a delay that doubles, honouring a
 * {@code Retry-After} header. The delays are shorter than Telegram's (configurable) so tests stay fast.
 *
 * <p>One virtual thread per {@code setWebhook}; it ends when the webhook is changed or deleted or the fake closes.
 */
final class WebhookSender {
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized", 403,
            "Forbidden", 404, "Not Found", 429, "Too Many Requests", 500, "Internal Server Error", 502, "Bad Gateway",
            503, "Service Unavailable", 504, "Gateway Timeout");

    private final World world;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    WebhookSender(World world) {
        this.world = world;
    }

    void close() {
        client.shutdownNow();
    }

    /** Starts delivering for the bot's current webhook. Called under the World lock. */
    void start(BotState bot) {
        long generation = bot.webhookGeneration;
        URI url = URI.create(bot.webhookUrl);
        String secret = bot.webhookSecret;
        Thread.ofVirtual().name("fake-telegram-webhook-" + bot.user.username).start(() -> run(bot, generation, url, secret));
    }

    private void run(BotState bot, long generation, URI url, String secret) {
        Duration delay = world.webhookFirstRetry;
        while (true) {
            Optional<UpdateQueue.Update> next = nextUpdate(bot, generation);
            if (next.isEmpty()) {
                return;
            }
            UpdateQueue.Update update = next.get();
            Optional<String> failure;
            Duration wait = delay;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Params.JSON.writeValueAsBytes(update.json())));
                if (!secret.isEmpty()) {
                    request.header("X-Telegram-Bot-Api-Secret-Token", secret);
                }
                HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                failure = status >= 200 && status <= 299 ? Optional.empty()
                        : Optional.of("Wrong response from the webhook: " + status + " " + REASONS.getOrDefault(status, ""));
                Optional<Long> retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookSender::seconds);
                if (retryAfter.isPresent()) {
                    wait = Duration.ofSeconds(Math.min(retryAfter.get(), 3600));
                }
            } catch (ConnectException e) {
                failure = Optional.of("Connection refused");
            } catch (HttpTimeoutException e) {
                failure = Optional.of("Read timeout expired");
            } catch (IOException e) {
                failure = Optional.of("Webhook connection closed");
            } catch (InterruptedException e) {
                return;
            }
            if (!finish(bot, generation, update, failure, wait)) {
                return;
            }
            delay = failure.isEmpty() ? world.webhookFirstRetry
                    : delay.multipliedBy(2).compareTo(world.webhookMaxRetry) > 0 ? world.webhookMaxRetry
                    : delay.multipliedBy(2);
        }
    }

    /** Waits for an update to send; empty when this sender must stop. */
    private Optional<UpdateQueue.Update> nextUpdate(BotState bot, long generation) {
        world.lock.lock();
        try {
            while (!world.closed() && bot.webhookGeneration == generation) {
                Optional<UpdateQueue.Update> head = bot.updates.head(world.nowSeconds());
                if (head.isPresent()) {
                    return head;
                }
                world.awaitChange(Duration.ofMinutes(1).toNanos());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            return Optional.empty();
        } finally {
            world.lock.unlock();
        }
    }

    /** Confirms the update or records the failure and waits out the delay; false when this sender must stop. */
    private boolean finish(BotState bot, long generation, UpdateQueue.Update update, Optional<String> failure,
                           Duration wait) {
        world.lock.lock();
        try {
            if (bot.webhookGeneration != generation) {
                return false;
            }
            if (failure.isEmpty()) {
                bot.updates.confirm(update.id());
                return true;
            }
            bot.webhookLastErrorDate = world.nowSeconds();
            bot.webhookLastErrorMessage = failure.get().trim();
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && bot.webhookGeneration == generation && !world.closed()) {
                world.awaitChange(deadline - System.nanoTime());
            }
            return bot.webhookGeneration == generation && !world.closed();
        } catch (InterruptedException e) {
            return false;
        } finally {
            world.signalAll();
            world.lock.unlock();
        }
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
