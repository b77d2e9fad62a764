package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class SlackFilesTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient bot;
    static SlackUser rae;

    @BeforeAll
    static void setUp() {
        bot = Sdk.slack(slack).methods(slack.botToken());
        rae = slack.addUser("rae");
    }

    @Test
    void theSdksUploadGoesThroughTheUploadUrlAndSharesTheFile() throws Exception {
        SlackChannel room = slack.addChannel("uploads", rae, slack.botUser());
        byte[] content = "a picture, honestly".getBytes(StandardCharsets.UTF_8);

        FilesUploadV2Response answer = bot.filesUploadV2(r -> r.channel(room.id()).filename("cat.png")
                .fileData(content).initialComment("look"));

        assertThat(answer.isOk()).isTrue();
        String fileId = answer.getFile().getId();
        assertThat(slack.fileContent(fileId)).isEqualTo(content);
        assertThat(slack.file(fileId).mimetype()).isEqualTo("image/png");
        assertThat(slack.calls()).extracting(ApiCall::method).containsSubsequence("files.getUploadURLExternal", "files.completeUploadExternal");
        SlackMessage shared = slack.messages(room).getLast();
        assertThat(shared.fileIds()).containsExactly(fileId);
        assertThat(shared.text()).isEqualTo("look");
        JsonNode event = slack.events("message/file_share").getLast().path("event");
        assertThat(event.path("files").get(0).path("id").asString()).isEqualTo(fileId);
    }

    @Test
    void theUploadUrlTakesRawBytesAndCompletingAnUnsentFileIsFileNotFound() throws Exception {
        SlackChannel room = slack.addChannel("three-steps", rae, slack.botUser());
        FilesGetUploadURLExternalResponse url = bot.filesGetUploadURLExternal(r -> r.filename("notes.txt").length(5));
        FilesGetUploadURLExternalResponse never = bot.filesGetUploadURLExternal(r -> r.filename("never.txt").length(5));

        HttpResponse<String> upload = Sdk.post(url.getUploadUrl(), "application/octet-stream", "hello");
        var unsent = bot.filesCompleteUploadExternal(r -> r.files(List.of(details(never.getFileId()))).channelId(room.id()));
        var done = bot.filesCompleteUploadExternal(r -> r.files(List.of(details(url.getFileId()))).channelId(room.id()));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).isEqualTo("OK - 5");
        assertThat(unsent.getError()).isEqualTo("file_not_found");
        assertThat(done.isOk()).isTrue();
        assertThat(new String(slack.fileContent(url.getFileId()), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void urlPrivateNeedsTheTokenAsBearerAndSendsHtmlWithoutIt() {
        SlackChannel room = slack.addChannel("downloads", rae, slack.botUser());
        byte[] content = {1, 2, 3, 4};
        SlackFile file = slack.shareFile(rae, room, "data.bin", content, "");

        HttpResponse<byte[]> withToken = Sdk.getBytes(file.urlPrivate(), "Authorization", "Bearer " + slack.botToken());
        HttpResponse<byte[]> without = Sdk.getBytes(file.urlPrivate());
        HttpResponse<String> landing = Sdk.get(without.headers().firstValue("Location").orElseThrow());

        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).isEqualTo(content);
        assertThat(without.statusCode()).isEqualTo(302);
        assertThat(landing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        JsonNode shared = slack.events("message/file_share").getLast().path("event");
        assertThat(shared.path("files").get(0).path("url_private").asString()).isEqualTo(file.urlPrivate());
    }

    @Test
    void aTokenWithoutFilesReadCannotDownload() {
        SlackChannel room = slack.addChannel("no-read", rae, slack.botUser());
        SlackFile file = slack.shareFile(rae, room, "secret.txt", "s".getBytes(StandardCharsets.UTF_8), "");

        HttpResponse<byte[]> answer = Sdk.getBytes(file.urlPrivate(), "Authorization", "Bearer " + slack.issueBotToken("chat:write"));

        assertThat(answer.statusCode()).isEqualTo(302);
    }

    private static FileDetails details(String id) {
        FileDetails details = new FileDetails();
        details.setId(id);
        return details;
    }
}
