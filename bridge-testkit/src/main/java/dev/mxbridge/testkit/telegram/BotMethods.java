package dev.mxbridge.testkit.telegram;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code getMe}, {@code getUpdates}, {@code setWebhook}, {@code deleteWebhook} and {@code getWebhookInfo}, after the
 * real server's {@code process_get_updates_query} and {@code process_set_webhook_query}. Unlike Telegram, a webhook
 * may be plain HTTP on any port of any host (as a local Bot API server allows), and the server's own throttling of
 * rapid repeated polls is left out.
 */
final class BotMethods {
    private static final int LONG_POLL_MAX_TIMEOUT = 50;

    private final World world;
    private final Render render;
    private final WebhookSender webhooks;

    BotMethods(World world, Render render, WebhookSender webhooks) {
        this.world = world;
        this.render = render;
        this.webhooks = webhooks;
    }

    void register(Map<String, ApiMethod> methods) {
        methods.put("getme", (bot, p) -> Answer.of(render.me(bot)));
        methods.put("getupdates", this::getUpdates);
        methods.put("setwebhook", this::setWebhook);
        methods.put("deletewebhook", (bot, p) -> deleteWebhook(bot, p.flag("drop_pending_updates")));
        methods.put("getwebhookinfo", this::getWebhookInfo);
    }

    private Answer getUpdates(BotState bot, Params p) {
        if (bot.hasWebhook()) {
            throw ApiError.conflict("can't use getUpdates method while webhook is active; use deleteWebhook to "
                    + "delete the webhook first");
        }
        long offset = p.number("offset", 0);
        int limit = Math.clamp(p.integer("limit", 100), 1, 100);
        int timeout = Math.clamp(p.integer("timeout", 0), 0, LONG_POLL_MAX_TIMEOUT);
        rememberAllowedUpdates(bot, p);
        long generation = ++bot.pollGeneration;
        List<UpdateQueue.Update> updates = bot.updates.take(offset, limit, world.nowSeconds());
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        bot.waitingPolls++;
        world.signalAll(); // wakes FakeBot.awaitLongPoll
        try {
            while (updates.isEmpty() && System.nanoTime() < deadline && !world.closed()) {
                world.awaitChange(deadline - System.nanoTime());
                if (bot.hasWebhook()) {
                    throw ApiError.conflict("terminated by setWebhook request");
                }
                if (bot.pollGeneration != generation) {
                    throw ApiError.conflict("terminated by other getUpdates request; make sure that only one bot "
                            + "instance is running");
                }
                updates = bot.updates.take(offset, limit, world.nowSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bot.waitingPolls--;
        }
        ArrayNode result = Render.array();
        updates.forEach(u -> result.add(u.json().deepCopy()));
        return Answer.of(result);
    }

    private Answer setWebhook(BotState bot, Params p) {
        String url = p.string("url");
        if (url.isEmpty()) {
            return deleteWebhook(bot, p.flag("drop_pending_updates"));
        }
        if (!validUrl(url)) {
            throw ApiError.badRequest("invalid webhook URL specified");
        }
        String secret = p.string("secret_token");
        if (secret.length() > 256) {
            throw ApiError.badRequest("secret token is too long");
        }
        if (!secret.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
            throw ApiError.badRequest("secret token contains unallowed characters");
        }
        boolean allowedChanged = rememberAllowedUpdates(bot, p);
        int maxConnections = Math.clamp(p.integer("max_connections", 40), 1, 100);
        boolean drop = p.flag("drop_pending_updates");
        if (url.equals(bot.webhookUrl) && secret.equals(bot.webhookSecret) && maxConnections == bot.webhookMaxConnections
                && !drop) {
            return Answer.ok(allowedChanged ? "Webhook was set" : "Webhook is already set");
        }
        if (drop) {
            bot.updates.clear();
        }
        bot.webhookUrl = url;
        bot.webhookSecret = secret;
        bot.webhookMaxConnections = maxConnections;
        bot.webhookLastErrorDate = 0;
        bot.webhookLastErrorMessage = "";
        bot.webhookGeneration++;
        webhooks.start(bot);
        return Answer.ok("Webhook was set");
    }

    private Answer deleteWebhook(BotState bot, boolean dropPending) {
        if (dropPending) {
            bot.updates.clear();
        }
        if (!bot.hasWebhook()) {
            return Answer.ok("Webhook is already deleted");
        }
        bot.webhookUrl = "";
        bot.webhookSecret = "";
        bot.webhookMaxConnections = 0;
        bot.webhookGeneration++;
        return Answer.ok("Webhook was deleted");
    }

    private Answer getWebhookInfo(BotState bot, Params p) {
        ObjectNode info = Render.object();
        info.put("url", bot.webhookUrl);
        info.put("has_custom_certificate", false);
        info.put("pending_update_count", bot.updates.size());
        if (bot.webhookLastErrorDate > 0) {
            info.put("last_error_date", bot.webhookLastErrorDate);
            info.put("last_error_message", bot.webhookLastErrorMessage);
        }
        if (bot.hasWebhook()) {
            info.put("max_connections", bot.webhookMaxConnections);
            info.put("ip_address", "127.0.0.1");
        }
        if (!bot.allowedUpdates.equals(UpdateQueue.DEFAULT_ALLOWED)) {
            ArrayNode types = info.putArray("allowed_updates");
            bot.allowedUpdates.stream().sorted().forEach(types::add);
        }
        return Answer.of(info);
    }

    /**
     * {@code allowed_updates}: absent or unreadable leaves the previous choice; an empty list, or one naming no known
     * type, means the default. Returns whether the choice changed.
     */
    private static boolean rememberAllowedUpdates(BotState bot, Params p) {
        Optional<JsonNode> value;
        try {
            value = p.json("allowed_updates", "allowed updates");
        } catch (ApiError unreadable) {
            return false;
        }
        if (value.isEmpty() || !value.get().isArray()) {
            return false;
        }
        Set<String> types = new HashSet<>();
        for (JsonNode name : value.get()) {
            if (!name.isString()) {
                return false;
            }
            String type = name.asString().toLowerCase(Locale.ROOT);
            if (UpdateQueue.ALL_TYPES.contains(type)) {
                types.add(type);
            }
        }
        Set<String> chosen = types.isEmpty() ? UpdateQueue.DEFAULT_ALLOWED : Set.copyOf(types);
        boolean changed = !chosen.equals(bot.allowedUpdates);
        bot.allowedUpdates = chosen;
        return changed;
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
