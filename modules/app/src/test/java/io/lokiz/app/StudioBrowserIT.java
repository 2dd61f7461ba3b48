package io.lokiz.app;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio in a real browser: Debian's Chromium, headless, driven by Selenium through
 * chromedriver, against the running server. Without Chromium and chromedriver this fails (it
 * never skips): {@code .ci/run} installs them. Screenshots of each screen, desktop and phone
 * width, go to {@code target/screenshots/}.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class StudioBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static WebDriver browser;

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @BeforeAll
    static void openBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("lokiz.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("lokiz.chromedriver", "/usr/bin/chromedriver"));
        assertThat(chromium).as("Chromium (apt-get install chromium; .ci/run does)").isExecutable();
        assertThat(driver).as("chromedriver (apt-get install chromium-driver; .ci/run does)").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        var options = new ChromeOptions().setBinary(chromium.toFile())
                // This machine has no internet: Chromium's own background connections only fail.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900",
                        "--user-data-dir=" + Files.createTempDirectory("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void makesAVideoFromSignInToAPlayingPlayer() throws Exception {
        browser.get(LibertyTestServer.BASE_URL + "/");
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        screenshots("sign-in");

        String user = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        name.sendKeys(user);
        browser.findElement(By.cssSelector("#dev-sign-in button")).click();
        wait.until(ExpectedConditions.textMatches(By.id("balance"), java.util.regex.Pattern.compile("\\d+")));
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("100");
        assertThat(browser.findElement(By.id("prices")).getText()).contains("video preview");

        Path picture = Files.createTempFile("portrait", ".png");
        Files.write(picture, Api.photo(640, 960));
        browser.findElement(By.id("file")).sendKeys(picture.toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate")));
        screenshots("image-chosen");
        browser.findElement(By.id("generate")).click();

        var slow = new WebDriverWait(browser, Duration.ofSeconds(120));
        slow.until(d -> "100".equals(d.findElement(By.id("progress")).getAttribute("value")));
        slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("player")));
        assertThat(browser.findElement(By.id("state")).getText()).startsWith("Done");
        var js = (JavascriptExecutor) browser;
        js.executeScript("const p = document.getElementById('player'); p.muted = true; p.play();");
        slow.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 0.5);
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).contains("/media/");
        js.executeScript("document.getElementById('progress-section').scrollIntoView()");
        screenshots("video-ready");
        long price = price();
        slow.until(d -> d.findElement(By.id("balance")).getText().equals(String.valueOf(100 - price)));

        // Out of credits: the next video is refused with what is missing, in words.
        var admin = LibertyTestServer.token("browser-admin", "admin", "user");
        var adjust = java.net.http.HttpRequest.newBuilder(java.net.URI.create(LibertyTestServer.BASE_URL + "/api/admin/credits/adjustments"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"" + user + "\",\"amount\":-" + (100 - price - 5) + ",\"reason\":\"browser test\"}")).build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(adjust, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        browser.findElement(By.id("generate")).click();
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        wait.until(d -> message.getText().startsWith("Not enough credits"));
        assertThat(message.getText()).isEqualTo("Not enough credits: this costs " + price + " and you have 5, so " + (price - 5) + " are missing.");
        js.executeScript("window.scrollTo(0, 0)");
        screenshots("not-enough-credits");
    }

    private long price() {
        String prices = browser.findElement(By.id("prices")).getText();
        var m = java.util.regex.Pattern.compile("video preview: (\\d+) credits").matcher(prices);
        assertThat(m.find()).as(prices).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The screen at desktop and phone width. */
    private static void screenshots(String screen) throws Exception {
        var window = browser.manage().window();
        Dimension desktop = window.getSize();
        Files.write(SCREENSHOTS.resolve("studio-" + screen + "-desktop.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        window.setSize(new Dimension(390, 844));
        Files.write(SCREENSHOTS.resolve("studio-" + screen + "-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        window.setSize(desktop);
    }
}
