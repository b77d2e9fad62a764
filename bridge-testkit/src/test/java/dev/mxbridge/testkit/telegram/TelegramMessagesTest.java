package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.drain;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.reactions.SetMessageReaction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionTypeEmoji;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramMessagesTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    private final FakeBot bot = telegram.newBot("messages_bot" + System.nanoTime() % 100000 + "_bot").create();
    private final FakeUser alice = telegram.newUser("Alice").username("alice").create();
    private final FakeChat group = telegram.newGroup("Team").createdBy(alice).adminBots(bot).create();
    private final OkHttpTelegramClient client = client(telegram, bot);

    @Test
    void sendMessageWithEntitiesAndAReplyLandsInTheChatHistory() throws Exception {
        FakeMessage question = group.from(alice).text("who is there?");

        Message sent = client.execute(SendMessage.builder().chatId(group.id()).text("Alice: me")
                .entities(List.of(MessageEntity.builder().type("bold").offset(0).length(6).build()))
                .replyParameters(ReplyParameters.builder().messageId(question.messageId()).build()).build());

        assertThat(sent.getMessageId()).isEqualTo(question.messageId() + 1);
        assertThat(sent.getFrom().getId()).isEqualTo(bot.id());
        assertThat(sent.getChat().getId()).isEqualTo(group.id());
        assertThat(sent.getReplyToMessage().getMessageId()).isEqualTo(question.messageId());
        assertThat(sent.getEntities()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("bold");
            assertThat(e.getOffset()).isZero();
            assertThat(e.getLength()).isEqualTo(6);
        });
        FakeMessage inHistory = group.messages().getLast();
        assertThat(inHistory.text()).contains("Alice: me");
        assertThat(inHistory.fromId()).contains(bot.id());
        assertThat(inHistory.replyToMessageId()).contains(question.messageId());
    }

    @Test
    void htmlParseModeBecomesEntitiesAndMentionsAreFound() throws Exception {
        Message sent = client.execute(SendMessage.builder().chatId(group.id()).parseMode(ParseMode.HTML)
                .text("<b>Alice</b>: ask @alice about <a href=\"https://example.org\">this</a> &amp; <code>x</code>")
                .build());

        assertThat(sent.getText()).isEqualTo("Alice: ask @alice about this & x");
        assertThat(sent.getEntities()).extracting(e -> e.getType() + "@" + e.getOffset() + "+" + e.getLength())
                .containsExactly("bold@0+5", "mention@11+6", "text_link@24+4", "code@31+1");
        assertThat(sent.getEntities().get(2).getUrl()).isEqualTo("https://example.org");
    }

    @Test
    void malformedHtmlIsRefusedAsTelegramRefusesIt() {
        TelegramApiRequestException error = apiError(() -> client.execute(SendMessage.builder().chatId(group.id())
                .parseMode(ParseMode.HTML).text("<b>open").build()));

        assertThat(error.getErrorCode()).isEqualTo(400);
        assertThat(error.getApiResponse())
                .isEqualTo("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
    }

    @Test
    void editMessageTextChangesTheMessageAndRefusesANoOpEdit() throws Exception {
        Message sent = client.execute(SendMessage.builder().chatId(group.id()).text("draft").build());

        // editMessageText answers a Message, or true for inline messages: the library types it Serializable
        Message edited = (Message) client.execute(EditMessageText.builder().chatId(group.id()).messageId(sent.getMessageId())
                .text("final").build());
        TelegramApiRequestException same = apiError(() -> client.execute(EditMessageText.builder()
                .chatId(group.id()).messageId(sent.getMessageId()).text("final").build()));
        TelegramApiRequestException missing = apiError(() -> client.execute(EditMessageText.builder()
                .chatId(group.id()).messageId(9999).text("x").build()));

        assertThat(edited.getText()).isEqualTo("final");
        assertThat(edited.getEditDate()).isNotNull();
        assertThat(group.message(sent.getMessageId()).flatMap(FakeMessage::text)).contains("final");
        assertThat(same.getApiResponse()).startsWith("Bad Request: message is not modified");
        assertThat(missing.getApiResponse()).isEqualTo("Bad Request: message to edit not found");
    }

    @Test
    void aBotCannotEditSomeoneElsesMessage() {
        FakeMessage hers = group.from(alice).text("mine");

        TelegramApiRequestException error = apiError(() -> client.execute(EditMessageText.builder()
                .chatId(group.id()).messageId(hers.messageId()).text("hacked").build()));

        assertThat(error.getApiResponse()).isEqualTo("Bad Request: message can't be edited");
    }

    @Test
    void deleteMessageWorksWithin48HoursOnly() throws Exception {
        Message early = client.execute(SendMessage.builder().chatId(group.id()).text("oops").build());
        Message late = client.execute(SendMessage.builder().chatId(group.id()).text("old news").build());

        boolean deleted = client.execute(new DeleteMessage(String.valueOf(group.id()), early.getMessageId()));
        telegram.advanceClock(Duration.ofHours(49));
        TelegramApiRequestException tooOld = apiError(() -> client.execute(
                new DeleteMessage(String.valueOf(group.id()), late.getMessageId())));
        TelegramApiRequestException gone = apiError(() -> client.execute(
                new DeleteMessage(String.valueOf(group.id()), early.getMessageId())));

        assertThat(deleted).isTrue();
        assertThat(group.message(early.getMessageId())).isEmpty();
        assertThat(tooOld.getApiResponse()).isEqualTo("Bad Request: message can't be deleted");
        assertThat(group.message(late.getMessageId())).isPresent();
        assertThat(gone.getApiResponse()).isEqualTo("Bad Request: message to delete not found");
    }

    @Test
    void aKickedBotIsForbiddenAndAnUnknownChatIsNotFound() throws Exception {
        group.kickBot(alice, bot);

        TelegramApiRequestException kicked = apiError(() -> client.execute(SendMessage.builder()
                .chatId(group.id()).text("still here?").build()));
        TelegramApiRequestException unknown = apiError(() -> client.execute(SendMessage.builder()
                .chatId(-4_999_999_999L).text("anyone?").build()));

        assertThat(kicked.getErrorCode()).isEqualTo(403);
        assertThat(kicked.getApiResponse()).isEqualTo("Forbidden: bot was kicked from the group chat");
        assertThat(unknown.getErrorCode()).isEqualTo(400);
        assertThat(unknown.getApiResponse()).isEqualTo("Bad Request: chat not found");
        List<Update> updates = updates(client, 0);
        assertThat(updates.getLast().getMyChatMember().getNewChatMember().getStatus()).isEqualTo("kicked");
    }

    @Test
    void aBotSetsOneReactionAtMost() throws Exception {
        FakeMessage hers = group.from(alice).text("ship it");

        boolean one = client.execute(SetMessageReaction.builder().chatId(group.id()).messageId(hers.messageId())
                .reactionTypes(List.of(new ReactionTypeEmoji("👍"))).build());
        TelegramApiRequestException two = apiError(() -> client.execute(SetMessageReaction.builder()
                .chatId(group.id()).messageId(hers.messageId())
                .reactionTypes(List.of(new ReactionTypeEmoji("👍"),
                        new ReactionTypeEmoji("🔥"))).build()));

        assertThat(one).isTrue();
        assertThat(group.message(hers.messageId()).orElseThrow().reactions()).containsEntry(bot.id(), List.of("👍"));
        assertThat(two.getApiResponse()).isEqualTo("Bad Request: REACTIONS_TOO_MANY");
    }

    @Test
    void userReactionsReachAnAdminBotThatAsksForThem() throws Exception {
        FakeBot member = telegram.newBot("plain_member_bot").canReadAllGroupMessages(true).create();
        FakeChat chat = telegram.newGroup("Reactions").createdBy(alice).adminBots(bot).bots(member).create();
        OkHttpTelegramClient memberClient = client(telegram, member);
        // the library always sends allowed_updates, so every poll names the reactions
        GetUpdates withReactions = GetUpdates.builder().timeout(0).allowedUpdates(List.of("message", "message_reaction"))
                .build();
        client.execute(withReactions);
        memberClient.execute(withReactions);
        FakeMessage hers = chat.from(alice).text("react to me");

        chat.react(alice, hers, "🎉");

        List<Update> adminUpdates = client.execute(withReactions);
        assertThat(adminUpdates.getLast().getMessageReaction().getUser().getId()).isEqualTo(alice.id());
        assertThat(adminUpdates.getLast().getMessageReaction().getMessageId()).isEqualTo(hers.messageId());
        assertThat(memberClient.execute(withReactions)).extracting(u -> Optional.ofNullable(u.getMessageReaction()))
                .allMatch(Optional::isEmpty)
                .isNotEmpty();
    }

    @Test
    void forumTopicsCarryTheirThreadBothWays() throws Exception {
        FakeChat forum = telegram.newSupergroup("Forum").forum(true).createdBy(alice).adminBots(bot).create();
        int topic = forum.createTopic(alice, "Releases");
        drain(client);
        forum.from(alice).inTopic(topic).text("1.0 is out");

        Update update = updates(client, 0).getLast();
        Message sent = client.execute(SendMessage.builder().chatId(forum.id()).messageThreadId(topic).text("congrats")
                .build());
        TelegramApiRequestException noTopic = apiError(() -> client.execute(SendMessage.builder()
                .chatId(forum.id()).messageThreadId(4242).text("lost").build()));

        assertThat(update.getMessage().getMessageThreadId()).isEqualTo(topic);
        assertThat(update.getMessage().getIsTopicMessage()).isTrue();
        assertThat(update.getMessage().getReplyToMessage().getForumTopicCreated().getName()).isEqualTo("Releases");
        assertThat(sent.getMessageThreadId()).isEqualTo(topic);
        assertThat(noTopic.getApiResponse()).isEqualTo("Bad Request: message thread not found");
    }
}
