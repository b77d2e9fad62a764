package dev.mxbridge.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * What the bot can see in a chat, told to admins at link time: with privacy mode on ({@code getMe}'s
 * {@code can_read_all_group_messages} false) and no admin rights it sees only commands, replies to it and mentions;
 * without admin rights it gets no reactions and no {@code chat_member} updates.
 */
final class Visibility {
    private static final Logger LOG = LoggerFactory.getLogger(Visibility.class);
    private static final Set<String> ADMINS = Set.of("creator", "administrator");
    private final BotApi api;

    Visibility(BotApi api) {
        this.api = api;
    }

    /** Whether the message's author administers its chat (an anonymous admin writes as the chat itself). */
    boolean isAdmin(Message message) throws TelegramApiException {
        if (message.getSenderChat() != null) {
            return message.getSenderChat().getId().equals(message.getChatId());
        }
        return message.getFrom() != null && isAdmin(message.getChatId().toString(), message.getFrom().getId());
    }

    private boolean isAdmin(String chat, long user) throws TelegramApiException {
        return ADMINS.contains(api.client().execute(GetChatMember.builder().chatId(chat).userId(user).build()).getStatus());
    }

    /** Sentences about what the bot cannot see in the chat; empty when it sees everything it can. */
    List<String> warnings(String chat) {
        List<String> warnings = new ArrayList<>();
        try {
            User me = api.refreshMe();
            boolean admin = isAdmin(chat, me.getId());
            if (!admin && !Boolean.TRUE.equals(me.getCanReadAllGroupMessages())) {
                warnings.add("Privacy mode is on: the bot sees only commands, replies to its messages and messages "
                        + "that mention it, so most of the group is not bridged. Turn it off in BotFather (/setprivacy, "
                        + "Disable) and add the bot to the group again, or make the bot an administrator.");
            }
            if (!admin) {
                warnings.add("The bot is not an administrator: reactions and joins/leaves reported as member updates "
                        + "are not bridged, and it cannot delete other people's messages.");
            }
        } catch (TelegramApiException e) {
            LOG.warn("could not check what the bot sees in {}: {}", chat, BotApi.describe(e));
            warnings.add("Could not check what the bot can see here (" + BotApi.describe(e) + ").");
        }
        return warnings;
    }

    String warningsHtml(String chat) {
        StringBuilder out = new StringBuilder();
        warnings(chat).forEach(w -> out.append("\n\n⚠️ ").append(TelegramHtml.escape(w)));
        return out.toString();
    }
}
