package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.Browser;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The bridge's web page in headless Chromium against a real Synapse: signing in, linking, logging in, unlinking. */
class ProvisioningPageIT {
    static final Path DIR = ItSupport.dir("provisioning-page");
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();

    static {
        chat.createRoom("general", "General");
        chat.register("carol", "carol-password");
    }

    @RegisterExtension
    @Order(1)
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, new ExampleNetwork(chat));

    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    private static String page() {
        return "http://127.0.0.1:" + bridge.port() + Bridge.PROVISIONING_PREFIX + "/page";
    }

    @Test
    void aUserSignedInWithAnOpenIdTokenLinksARoomLogsInAndUnlinksWithoutJavaScript() throws Exception {
        TestUser alice = bridge.user("Alice");
        String room = alice.createRoom();
        alice.invite(room, "@_example_bot:localhost");

        browser.open(page() + "?openid_token=" + alice.openIdToken());
        assertThat(browser.url()).as("the token leaves the address bar").isEqualTo(page());
        assertThat(browser.text()).contains("Signed in as " + alice.userId());

        browser.driver().findElement(By.id("room_id")).sendKeys(room);
        browser.driver().findElement(By.id("remote")).sendKeys("general");
        browser.click(By.id("link"));
        assertThat(browser.text()).contains("Linked this room to General");
        assertThat(browser.driver().findElement(By.id("rooms")).getText()).contains(room).contains("general");

        browser.click(By.id("login"));
        assertThat(browser.driver().findElement(By.id("said")).getText()).contains("Username?");
        browser.driver().findElement(By.id("answer")).sendKeys("carol");
        browser.click(By.id("send"));
        assertThat(browser.driver().findElement(By.id("said")).getText()).contains("Password?");
        assertThat(browser.driver().findElement(By.id("answer")).getAttribute("type")).as("a secret is not shown").isEqualTo("password");
        browser.driver().findElement(By.id("answer")).sendKeys("carol-password");
        browser.click(By.id("send"));
        assertThat(browser.driver().findElement(By.id("said")).getText()).contains("Logged in as carol");
        assertThat(browser.driver().findElement(By.id("logins")).getText()).contains("carol");
        browser.screenshot(DIR.resolve("provisioning-page.png"));

        browser.click(By.cssSelector("#rooms button"));
        assertThat(browser.driver().findElement(By.id("said")).getText()).contains("Unlinked [general]");
        assertThat(browser.driver().findElement(By.id("rooms")).getText()).doesNotContain(room);
    }

    @Test
    void aSignInLinkWithAnExpiredOpenIdTokenIsRefusedSayingSo() throws Exception {
        TestUser gina = bridge.user("Gina");
        String token = gina.openIdToken();
        OpenIdExpiry.expire(hs, token);

        browser.open(page() + "?openid_token=" + token);
        assertThat(browser.driver().findElement(By.id("signin-refused")).getText())
                .contains("expired", "lasts an hour", "Open the page from your Matrix client again");
        assertThat(browser.text()).doesNotContain("Signed in as");
    }

    @Test
    void aFormWithoutTheSessionsTokenAndAForgedSignInAreRefused() throws Exception {
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page() + "?openid_token=forged"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=link&room_id=%21x&remote=general")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("This form has expired");
    }
}
