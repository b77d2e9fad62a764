package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.png;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendContact;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendSticker;
import org.telegram.telegrambots.meta.api.methods.send.SendVenue;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramMediaTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    private final FakeBot bot = telegram.newBot("media_" + System.nanoTime() % 100000 + "_bot").create();
    private final FakeUser alice = telegram.newUser("Alice").create();
    private final FakeChat chat = alice.startBot(bot);
    private final OkHttpTelegramClient client = client(telegram, bot);

    @Test
    void whatUsersSendReachesTheBotInTheLibrarysTypes() throws Exception {
        TelegramFixtures.drain(client);
        chat.from(alice).send(Content.photo(png(1280, 720)).caption("view"));
        chat.from(alice).send(Content.sticker(new byte[] {1}, "😀"));
        chat.from(alice).send(Content.animatedSticker("{}".getBytes(StandardCharsets.UTF_8), "🎉"));
        chat.from(alice).album(Content.photo(png(30, 30)), Content.photo(png(40, 40)));
        chat.from(alice).send(Content.location(52.52, 13.405));
        chat.from(alice).send(Content.venue(52.52, 13.405, "Cafe", "Main St 1"));
        chat.from(alice).send(Content.contact("+4930123", "Bob", "Builder"));
        chat.from(alice).send(Content.poll("Lunch?", "Pizza", "Sushi"));

        List<Message> messages = updates(client, 0).stream().map(Update::getMessage).toList();

        assertThat(messages.get(0).getPhoto()).extracting(p -> p.getWidth()).containsExactly(90, 320, 800, 1280);
        assertThat(messages.get(0).getCaption()).isEqualTo("view");
        assertThat(messages.get(1).getSticker().getIsAnimated()).isFalse();
        assertThat(messages.get(1).getSticker().getEmoji()).isEqualTo("😀");
        assertThat(messages.get(2).getSticker().getIsAnimated()).isTrue();
        assertThat(messages.get(3).getMediaGroupId()).isNotNull().isEqualTo(messages.get(4).getMediaGroupId());
        assertThat(messages.get(5).getLocation().getLatitude()).isEqualTo(52.52);
        assertThat(messages.get(6).getVenue().getTitle()).isEqualTo("Cafe");
        assertThat(messages.get(6).getLocation()).isNotNull();
        assertThat(messages.get(7).getContact().getPhoneNumber()).isEqualTo("+4930123");
        assertThat(messages.get(8).getPoll().getOptions()).extracting(o -> o.getText()).containsExactly("Pizza", "Sushi");
    }

    @Test
    void aUsersEditOfAFileMessageChangesItsCaption() throws Exception {
        FakeMessage photo = chat.from(alice).send(Content.photo(png(10, 10)).caption("before"));
        TelegramFixtures.drain(client);

        chat.edit(photo, "after");

        Message edited = updates(client, 0).getLast().getEditedMessage();
        assertThat(edited.getCaption()).isEqualTo("after");
        assertThat(edited.getEditDate()).isNotNull();
        assertThat(edited.getMessageId()).isEqualTo(photo.messageId());
    }

    @Test
    void theBotEditsItsCaptionAndCannotCaptionAText() throws Exception {
        Message photo = client.execute(SendPhoto.builder().chatId(alice.id())
                .photo(new InputFile(new ByteArrayInputStream(png(20, 20)), "p.png")).caption("one").build());
        Message text = client.execute(SendMessage.builder().chatId(alice.id()).text("plain").build());

        Message edited = (Message) client.execute(EditMessageCaption.builder().chatId(alice.id())
                .messageId(photo.getMessageId()).caption("*two*").parseMode(ParseMode.MARKDOWNV2).build());
        TelegramApiRequestException onText = apiError(() -> client.execute(EditMessageCaption.builder()
                .chatId(alice.id()).messageId(text.getMessageId()).caption("x").build()));

        assertThat(edited.getCaption()).isEqualTo("two");
        assertThat(edited.getCaptionEntities()).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("bold"));
        assertThat(onText.getApiResponse()).isEqualTo("Bad Request: there is no caption in the message to edit");
    }

    @Test
    void markdownV2NeedsReservedCharactersEscaped() throws Exception {
        Message ok = client.execute(SendMessage.builder().chatId(alice.id()).parseMode(ParseMode.MARKDOWNV2)
                .text("_hi_ there\\! see [docs](https://example.org)").build());
        TelegramApiRequestException unescaped = apiError(() -> client.execute(SendMessage.builder().chatId(alice.id())
                .parseMode(ParseMode.MARKDOWNV2).text("done.").build()));

        assertThat(ok.getText()).isEqualTo("hi there! see docs");
        assertThat(ok.getEntities()).extracting(e -> e.getType()).containsExactly("italic", "text_link");
        assertThat(unescaped.getApiResponse())
                .isEqualTo("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the "
                        + "preceding '\\'");
    }

    @Test
    void stickersVenuesAndContactsFromTheBot() throws Exception {
        Message sticker = client.execute(SendSticker.builder().chatId(alice.id())
                .sticker(new InputFile(new ByteArrayInputStream(new byte[] {1, 2}), "hi.webp")).emoji("👋").build());
        Message venue = client.execute(SendVenue.builder().chatId(alice.id()).latitude(1.5).longitude(2.5)
                .title("Office").address("Somewhere 2").build());
        Message contact = client.execute(SendContact.builder().chatId(alice.id()).phoneNumber("+100")
                .firstName("Support").build());

        assertThat(sticker.getSticker().getIsAnimated()).isFalse();
        assertThat(sticker.getSticker().getIsVideo()).isFalse();
        assertThat(venue.getVenue().getLocation().getLongitude()).isEqualTo(2.5);
        assertThat(contact.getContact().getFirstName()).isEqualTo("Support");
        assertThat(chat.messages()).hasSize(4);
    }
}
