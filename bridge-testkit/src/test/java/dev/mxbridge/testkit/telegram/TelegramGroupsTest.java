package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.drain;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.png;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetUserProfilePhotos;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatAdministrators;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.methods.groupadministration.DeleteChatPhoto;
import org.telegram.telegrambots.meta.api.methods.groupadministration.LeaveChat;
import org.telegram.telegrambots.meta.api.methods.groupadministration.SetChatPhoto;
import org.telegram.telegrambots.meta.api.methods.groupadministration.SetChatTitle;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.ChatFullInfo;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberAdministrator;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramGroupsTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    private final FakeUser alice = telegram.newUser("Alice").username("alice").create();
    private final FakeUser bob = telegram.newUser("Bob").create();

    @Test
    void aBotInPrivacyModeHearsOnlyCommandsMentionsRepliesToItAndServiceMessages() throws Exception {
        FakeBot shy = telegram.newBot("privacy_on_bot").create();
        FakeBot nosy = telegram.newBot("privacy_off_bot").canReadAllGroupMessages(true).create();
        FakeBot admin = telegram.newBot("privacy_admin_bot").create();
        FakeChat group = telegram.newGroup("Privacy").createdBy(alice).members(bob).bots(shy, nosy).adminBots(admin)
                .create();
        OkHttpTelegramClient shyClient = client(telegram, shy);
        Message fromShy = shyClient.execute(SendMessage.builder().chatId(group.id()).text("I am here").build());

        group.from(alice).text("just chatting");
        group.from(alice).text("/status");
        group.from(alice).text("/status@privacy_off_bot");
        group.from(alice).text("/status@PRIVACY_ON_BOT please");
        group.from(bob).text("hey @privacy_on_bot look");
        group.from(bob).replyTo(group.message(fromShy.getMessageId()).orElseThrow()).text("answering you");
        group.setTitle(alice, "Privacy matters");

        List<String> shySaw = texts(updates(shyClient, 0));
        assertThat(shySaw).containsExactly("/status", "/status@PRIVACY_ON_BOT please", "hey @privacy_on_bot look",
                "answering you", "<title: Privacy matters>");
        assertThat(texts(updates(client(telegram, nosy), 0))).hasSize(7);
        assertThat(texts(updates(client(telegram, admin), 0))).hasSize(7);
    }

    @Test
    void migratingAGroupSendsBothServiceMessagesAndMovesTheChat() throws Exception {
        FakeBot bot = telegram.newBot("migrating_bot").create();
        FakeChat group = telegram.newGroup("Growing").createdBy(alice).bots(bot).create();
        OkHttpTelegramClient client = client(telegram, bot);

        FakeChat supergroup = group.migrateToSupergroup(alice);
        TelegramApiRequestException oldId = apiError(() -> client.execute(SendMessage.builder().chatId(group.id())
                .text("hello?").build()));
        Message inNew = client.execute(SendMessage.builder().chatId(supergroup.id()).text("hello!").build());

        List<Update> updates = updates(client, 0);
        assertThat(updates.get(0).getMessage().getChatId()).isEqualTo(group.id());
        assertThat(updates.get(0).getMessage().getMigrateToChatId()).isEqualTo(supergroup.id());
        assertThat(updates.get(1).getMessage().getChatId()).isEqualTo(supergroup.id());
        assertThat(updates.get(1).getMessage().getMigrateFromChatId()).isEqualTo(group.id());
        assertThat(oldId.getErrorCode()).isEqualTo(400);
        assertThat(oldId.getApiResponse()).isEqualTo("Bad Request: group chat was upgraded to a supergroup chat");
        assertThat(oldId.getParameters().getMigrateToChatId()).isEqualTo(supergroup.id());
        assertThat(inNew.getChat().getType()).isEqualTo("supergroup");
        assertThat(supergroup.id()).isLessThan(-1_000_000_000_000L);
    }

    @Test
    void joinsAndLeavesAreServiceMessagesAndChatMemberUpdatesForAnAdminBot() throws Exception {
        FakeBot admin = telegram.newBot("doorman_bot").create();
        FakeChat group = telegram.newSupergroup("Door").createdBy(alice).adminBots(admin).create();
        OkHttpTelegramClient client = client(telegram, admin);
        GetUpdates withMembers = GetUpdates.builder().timeout(0).allowedUpdates(List.of("message", "chat_member"))
                .build();
        client.execute(withMembers);

        group.join(bob);
        group.leave(bob);

        List<Update> updates = client.execute(withMembers);
        assertThat(updates).hasSize(4);
        assertThat(updates.get(0).getChatMember().getNewChatMember().getStatus()).isEqualTo("member");
        assertThat(updates.get(1).getMessage().getNewChatMembers()).extracting(u -> u.getId()).containsExactly(bob.id());
        assertThat(updates.get(2).getChatMember().getOldChatMember().getStatus()).isEqualTo("member");
        assertThat(updates.get(2).getChatMember().getNewChatMember().getStatus()).isEqualTo("left");
        assertThat(updates.get(3).getMessage().getLeftChatMember().getId()).isEqualTo(bob.id());
    }

    @Test
    void addingAndPromotingTheBotAreMyChatMemberUpdates() throws Exception {
        FakeBot bot = telegram.newBot("promoted_bot").create();
        FakeChat group = telegram.newSupergroup("Staff").createdBy(alice).create();
        OkHttpTelegramClient client = client(telegram, bot);

        group.addBot(alice, bot);
        group.promote(alice, bot, AdminRights.full());
        ChatMember me = client.execute(new GetChatMember(String.valueOf(group.id()), bot.id()));
        List<ChatMember> admins = client.execute(new GetChatAdministrators(String.valueOf(group.id())));

        List<Update> updates = updates(client, 0);
        assertThat(updates.get(0).getMyChatMember().getNewChatMember().getStatus()).isEqualTo("member");
        assertThat(updates.get(1).getMessage().getNewChatMembers()).extracting(u -> u.getId()).containsExactly(bot.id());
        assertThat(updates.get(2).getMyChatMember().getNewChatMember().getStatus()).isEqualTo("administrator");
        assertThat(me).isInstanceOf(ChatMemberAdministrator.class);
        assertThat(((ChatMemberAdministrator) me).getCanDeleteMessages()).isTrue();
        assertThat(admins).extracting(ChatMember::getStatus).containsExactly("creator", "administrator");
    }

    @Test
    void getChatShowsTitleUsernameAndPhotoAndFollowsChanges() throws Exception {
        FakeBot bot = telegram.newBot("viewer_bot").create();
        FakeChat channel = telegram.newSupergroup("News").username("news_chat").createdBy(alice).bots(bot).create();
        OkHttpTelegramClient client = client(telegram, bot);

        channel.setTitle(alice, "Breaking news");
        channel.setPhoto(alice, png(640, 640));
        ChatFullInfo info = client.execute(new GetChat("@news_chat"));

        assertThat(info.getId()).isEqualTo(channel.id());
        assertThat(info.getTitle()).isEqualTo("Breaking news");
        assertThat(info.getUserName()).isEqualTo("news_chat");
        assertThat(info.getPhoto().getBigFileId()).isNotEmpty();
        List<Update> updates = updates(client, 0);
        assertThat(updates.get(0).getMessage().getNewChatTitle()).isEqualTo("Breaking news");
        assertThat(updates.get(1).getMessage().getNewChatPhoto()).isNotEmpty();
    }

    @Test
    void profilePhotosAreListedNewestFirst() throws Exception {
        FakeBot bot = telegram.newBot("photo_viewer_bot").create();
        alice.addProfilePhoto(png(100, 100));
        alice.addProfilePhoto(png(200, 200));

        var photos = client(telegram, bot).execute(new GetUserProfilePhotos(alice.id(), 0, 10));

        assertThat(photos.getTotalCount()).isEqualTo(2);
        assertThat(photos.getPhotos().get(0).getLast().getWidth()).isEqualTo(200);
        assertThat(photos.getPhotos().get(1).getLast().getWidth()).isEqualTo(100);
    }

    @Test
    void aBotThatLeftCannotWriteAndAChannelPostComesWithoutSender() throws Exception {
        FakeBot bot = telegram.newBot("leaving_bot").create();
        FakeChat group = telegram.newSupergroup("Goodbye").createdBy(alice).bots(bot).create();
        FakeChat channel = telegram.newChannel("Announcements").createdBy(alice).adminBots(bot).create();
        OkHttpTelegramClient client = client(telegram, bot);
        drain(client);

        boolean left = client.execute(new LeaveChat(String.valueOf(group.id())));
        TelegramApiRequestException error = apiError(() -> client.execute(SendMessage.builder().chatId(group.id())
                .text("back?").build()));
        channel.from(alice).text("big news");

        List<Update> updates = updates(client, 0);
        assertThat(left).isTrue();
        assertThat(error.getApiResponse()).isEqualTo("Forbidden: bot is not a member of the supergroup chat");
        assertThat(updates.get(0).getMyChatMember().getNewChatMember().getStatus()).isEqualTo("left");
        Message post = updates.get(1).getChannelPost();
        assertThat(post.getText()).isEqualTo("big news");
        assertThat(post.getFrom()).isNull();
        assertThat(post.getSenderChat().getId()).isEqualTo(channel.id());
    }

    @Test
    void onlyACreatorOrAnAdministratorAllowedToChangeInfoSetsTheTitleAndPhoto() throws Exception {
        FakeBot plain = telegram.newBot("plain_member_bot").create();
        FakeBot admin = telegram.newBot("info_admin_bot").create();
        FakeChat group = telegram.newSupergroup("Named").createdBy(alice).bots(plain).adminBots(admin).create();
        group.promote(alice, plain, AdminRights.basic());
        OkHttpTelegramClient plainClient = client(telegram, plain);
        OkHttpTelegramClient adminClient = client(telegram, admin);

        assertThat(apiError(() -> plainClient.execute(SetChatTitle.builder().chatId(group.id()).title("Mine")
                .build())).getApiResponse()).isEqualTo("Bad Request: not enough rights to change chat title");
        // the library names the multipart part after the InputFile, so it must be named as the parameter
        assertThat(apiError(() -> plainClient.execute(SetChatPhoto.builder().chatId(group.id())
                .photo(new InputFile(new ByteArrayInputStream(png(8, 8)), "photo")).build())).getApiResponse())
                .isEqualTo("Bad Request: not enough rights to change chat photo");
        adminClient.execute(SetChatTitle.builder().chatId(group.id()).title("Renamed").build());
        adminClient.execute(SetChatPhoto.builder().chatId(group.id())
                .photo(new InputFile(new ByteArrayInputStream(png(8, 8)), "photo")).build());

        assertThat(group.title()).isEqualTo("Renamed");
        assertThat(group.photo()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(png(8, 8)));
        assertThat(apiError(() -> adminClient.execute(SetChatTitle.builder().chatId(group.id()).title("Renamed")
                .build())).getApiResponse()).isEqualTo("Bad Request: chat title is not modified");
        adminClient.execute(DeleteChatPhoto.builder().chatId(group.id()).build());
        assertThat(group.photo()).isEmpty();
        assertThat(texts(updates(plainClient, 0))).contains("<title: Renamed>");
    }

    private static List<String> texts(List<Update> updates) {
        return updates.stream().filter(u -> u.getMessage() != null).map(u -> u.getMessage().getText() != null
                ? u.getMessage().getText() : "<title: " + u.getMessage().getNewChatTitle() + ">").toList();
    }
}
