package dev.mxbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for tests of web pages a bridge serves (login pages, the provisioning page), as a JUnit 5
 * extension: installs Debian's {@code chromium} and {@code chromium-driver} on first use ({@code scripts/chromium.sh},
 * as root), starts one browser before the class and quits it after. Drive it through Selenium's {@link #driver()}, or
 * the few helpers here.
 *
 * <pre>{@code
 * @RegisterExtension
 * static Browser browser = new Browser();
 * ...
 * browser.open(loginLink);
 * browser.click(By.cssSelector("button[value=allow]"));
 * assertThat(browser.text()).contains("You are logged in");
 * }</pre>
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> where = Scripts.fromSystemProperties().run("chromium.sh", INSTALL_TIMEOUT, "install");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(Scripts.require(where, "chromedriver", "chromium.sh")).toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(Scripts.require(where, "chromium", "chromium.sh"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    /** The browser, for everything the helpers do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads a page and waits for it, following redirects as a browser does. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Clicks the element; for a link or a form's submit button, waits for the page it loads: until the old page is
     * gone, so that what is read next is the new page's (an element with the same id on the old page would go stale).
     */
    public Browser click(By element) {
        WebElement page = driver.findElement(By.tagName("html"));
        WebElement target = driver.findElement(element);
        boolean loads = loadsAPage(target);
        target.click();
        if (!loads) {
            return this;
        }
        Await.until("the page the click loads", Duration.ofSeconds(20), () -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) { // stale; or Chromium's "does not belong to the document"
                return true;
            }
        });
        return this;
    }

    private static boolean loadsAPage(WebElement element) {
        String type = String.valueOf(element.getAttribute("type")).toLowerCase(Locale.ROOT);
        return switch (element.getTagName().toLowerCase(Locale.ROOT)) {
            case "a" -> true;
            case "button" -> !type.equals("button") && !type.equals("reset");
            case "input" -> type.equals("submit") || type.equals("image");
            default -> false;
        };
    }

    /** The page's URL now. */
    public String url() {
        return driver.getCurrentUrl();
    }

    /** The page's visible text. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves a screenshot of the page (PNG), e.g. into the test's folder for its output. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
