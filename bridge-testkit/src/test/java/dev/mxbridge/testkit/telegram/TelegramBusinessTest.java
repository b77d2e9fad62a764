package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.drain;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.business.DeleteBusinessMessages;
import org.telegram.telegrambots.meta.api.methods.business.GetBusinessConnection;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.business.BusinessConnection;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramBusinessTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    private final FakeBot bot = telegram.newBot("shop_" + System.nanoTime() % 100000 + "_bot")
            .canConnectToBusiness(true).create();
    private final FakeUser owner = telegram.newUser("Olga").username("olga_shop").premium(true).create();
    private final FakeUser customer = telegram.newUser("Carl").create();
    private final OkHttpTelegramClient client = client(telegram, bot);

    @Test
    void connectingTheBotSendsABusinessConnectionUpdate() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);

        BusinessConnection update = updates(client, 0).getLast().getBusinessConnection();
        BusinessConnection fetched = client.execute(new GetBusinessConnection(connection.id()));

        assertThat(update.getId()).isEqualTo(connection.id());
        assertThat(update.getUser().getId()).isEqualTo(owner.id());
        assertThat(update.getUserChatId()).isEqualTo(owner.id());
        assertThat(update.getIsEnabled()).isTrue();
        assertThat(update.getRights().getCanReply()).isTrue();
        assertThat(fetched.getId()).isEqualTo(connection.id());
    }

    @Test
    void customersAndTheOwnerWriteAsBusinessMessagesWithEditsAndDeletions() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);
        FakeChat chat = connection.chatWith(customer);
        drain(client);

        FakeMessage question = chat.from(customer).text("is it in stock?");
        FakeMessage answer = chat.from(owner).text("yes!");
        chat.edit(question, "is it in stock in blue?");
        chat.delete(answer);

        List<Update> updates = updates(client, 0);
        assertThat(updates).hasSize(4);
        Message fromCustomer = updates.get(0).getBusinessMessage();
        assertThat(fromCustomer.getBusinessConnectionId()).isEqualTo(connection.id());
        assertThat(fromCustomer.getFrom().getId()).isEqualTo(customer.id());
        assertThat(fromCustomer.getChat().getId()).isEqualTo(customer.id());
        assertThat(updates.get(1).getBusinessMessage().getFrom().getId()).isEqualTo(owner.id());
        assertThat(updates.get(2).getEditedBuinessMessage().getText()).isEqualTo("is it in stock in blue?");
        assertThat(updates.get(3).getDeletedBusinessMessages().getMessageIds()).containsExactly(answer.messageId());
        assertThat(updates.get(3).getDeletedBusinessMessages().getChat().getId()).isEqualTo(customer.id());
    }

    @Test
    void theBotAnswersAsTheOwnerWithTheConnectionId() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);
        FakeChat chat = connection.chatWith(customer);
        chat.from(customer).text("hello?");

        Message sent = client.execute(SendMessage.builder().businessConnectionId(connection.id())
                .chatId(customer.id()).text("hi, Olga here").build());
        Message edited = (Message) client.execute(EditMessageText.builder().businessConnectionId(connection.id())
                .chatId(customer.id()).messageId(sent.getMessageId()).text("hi, Olga here!").build());

        assertThat(sent.getFrom().getId()).isEqualTo(owner.id());
        assertThat(sent.getSenderBusinessBot().getId()).isEqualTo(bot.id());
        assertThat(sent.getBusinessConnectionId()).isEqualTo(connection.id());
        assertThat(edited.getText()).isEqualTo("hi, Olga here!");
        assertThat(chat.messages()).extracting(m -> m.text().orElseThrow()).containsExactly("hello?", "hi, Olga here!");
    }

    @Test
    void withoutCanReplyOrAfter24HoursTheBotCannotAnswer() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);
        FakeChat chat = connection.chatWith(customer);
        chat.from(customer).text("anyone?");
        SendMessage reply = SendMessage.builder().businessConnectionId(connection.id()).chatId(customer.id())
                .text("sorry").build();

        connection.setCanReply(false);
        TelegramApiRequestException noRights = apiError(() -> client.execute(reply));
        connection.setCanReply(true);
        List<Update> connectionUpdates = updates(client, 0).stream().filter(u -> u.getBusinessConnection() != null)
                .toList();
        telegram.advanceClock(Duration.ofHours(25)); // updates older than 24 h are dropped, as Telegram drops them
        TelegramApiRequestException tooLate = apiError(() -> client.execute(reply));
        chat.from(customer).text("still there?");
        Message afterNewMessage = client.execute(reply);

        assertThat(noRights.getApiResponse()).isEqualTo("Bad Request: BOT_ACCESS_FORBIDDEN");
        assertThat(tooLate.getApiResponse()).isEqualTo("Bad Request: BUSINESS_PEER_USAGE_MISSING");
        assertThat(afterNewMessage.getText()).isEqualTo("sorry");
        assertThat(connectionUpdates).extracting(u -> u.getBusinessConnection().getRights().getCanReply())
                .containsExactly(true, null, true); // Telegram leaves false rights out
        assertThat(updates(client, 0)).extracting(u -> u.getBusinessMessage().getText()).containsExactly("still there?");
    }

    @Test
    void theBotDeletesForTheAccountOnlyWhatItsDeleteRightsCover() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);
        FakeChat chat = connection.chatWith(customer);
        FakeChat other = connection.chatWith(telegram.newUser("Dora").create());
        FakeMessage question = chat.from(customer).text("price?");
        FakeMessage elsewhere = other.from(owner).text("hello Dora");
        Message sent = client.execute(SendMessage.builder().businessConnectionId(connection.id())
                .chatId(customer.id()).text("10 euros").build());
        drain(client);

        TelegramApiRequestException noRight = apiError(() -> client.execute(DeleteBusinessMessages.builder()
                .businessConnectionId(connection.id()).messageIds(List.of(sent.getMessageId())).build()));
        connection.setCanDelete(true, false);
        TelegramApiRequestException notItsOwn = apiError(() -> client.execute(DeleteBusinessMessages.builder()
                .businessConnectionId(connection.id()).messageIds(List.of(question.messageId())).build()));
        client.execute(DeleteBusinessMessages.builder().businessConnectionId(connection.id())
                .messageIds(List.of(sent.getMessageId())).build());
        connection.setCanDelete(false, true);
        client.execute(DeleteBusinessMessages.builder().businessConnectionId(connection.id())
                .messageIds(List.of(question.messageId())).build());

        assertThat(noRight.getApiResponse()).isEqualTo("Bad Request: BOT_ACCESS_FORBIDDEN");
        assertThat(notItsOwn.getApiResponse()).isEqualTo("Bad Request: BOT_ACCESS_FORBIDDEN");
        assertThat(Set.of(question.messageId(), elsewhere.messageId(), sent.getMessageId()))
                .as("message ids are the account's, across its chats").hasSize(3);
        assertThat(chat.messages()).isEmpty();
        assertThat(other.messages()).hasSize(1);
        assertThat(updates(client, 0).stream().filter(u -> u.getDeletedBusinessMessages() != null)
                .map(u -> u.getDeletedBusinessMessages().getMessageIds()).toList())
                .containsExactly(List.of(sent.getMessageId()), List.of(question.messageId()));
    }

    @Test
    void typingForTheAccountNeedsTheReplyRight() throws Exception {
        FakeBusinessConnection connection = telegram.connectBusiness(owner, bot);
        connection.chatWith(customer).from(customer).text("hi");
        SendChatAction typing = SendChatAction.builder().businessConnectionId(connection.id()).chatId(customer.id())
                .action("typing").build();

        assertThat(client.execute(typing)).isTrue();
        connection.setCanReply(false);
        assertThat(apiError(() -> client.execute(typing)).getApiResponse()).isEqualTo("Bad Request: BOT_ACCESS_FORBIDDEN");
    }

    @Test
    void anUnknownConnectionIsNotFoundAndBusinessNeedsPremiumAndBusinessMode() {
        TelegramApiRequestException error = apiError(() -> client.execute(SendMessage.builder()
                .businessConnectionId("nope").chatId(customer.id()).text("hi").build()));
        FakeBot plain = telegram.newBot("plain_shop_bot").create();

        assertThat(error.getApiResponse()).isEqualTo("Bad Request: business connection not found");
        assertThatThrownBy(() -> telegram.connectBusiness(customer, bot)).hasMessageContaining("Premium");
        assertThatThrownBy(() -> telegram.connectBusiness(owner, plain)).hasMessageContaining("business mode");
    }
}
