package io.lokiz.app;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio in a real browser ({@link Chromium}) against the running server. Screenshots of each screen, desktop and phone
 * width, go to {@code target/screenshots/}. A test fails on any error in the pages' console (a script's, a load the
 * policy blocked, an answer of 4xx or 5xx) but the refusals it brings about itself and names with {@link #expectRefusal}.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class StudioBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static WebDriver browser;
    /** axe-core, from its WebJar: run in the page, it checks the screen against WCAG 2 A and AA rules. */
    static String axe;

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @BeforeAll
    static void openBrowser() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        browser = Chromium.open();
        try (var in = StudioBrowserIT.class.getClassLoader().getResourceAsStream("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The HTTP statuses of the answers the running test provokes on purpose (402 when out of credits ...). */
    private final List<Integer> refusals = new ArrayList<>();

    @BeforeEach
    void forgetEarlierConsoleErrors() {
        Chromium.consoleErrors(browser);
    }

    @AfterEach
    void leavesNoErrorInTheConsole() {
        assertThat(Chromium.consoleErrors(browser)).as("the console's errors").allSatisfy(error ->
                assertThat(refusals).as(error).anyMatch(status -> error.contains("the server responded with a status of " + status + " ")));
    }

    private void expectRefusal(int status) {
        refusals.add(status);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void makesAVideoFromSignInToAPlayingPlayer() throws Exception {
        // The last test's sign-in is forgotten on the page it left, rather than on a fresh load of the studio, which would
        // first wake up as the last test's user and ask for things of theirs (a 404 in the console when they are gone).
        if (browser.getCurrentUrl().startsWith(LibertyTestServer.BASE_URL)) {
            js().executeScript("sessionStorage.clear()");
        }
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
        browser.findElement(By.id("hls")).click(); // played by hls.js, whose worker the page's policy admits
        screenshots("image-chosen");
        browser.findElement(By.id("generate")).click();

        // A reload while the job runs: the tab remembers the job and follows it again.
        wait.until(d -> js().executeScript("return sessionStorage.getItem('lokiz.job')") != null);
        browser.navigate().refresh();
        var slow = new WebDriverWait(browser, Duration.ofSeconds(120));
        slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("progress")));
        slow.until(d -> "100".equals(d.findElement(By.id("progress")).getAttribute("value")));
        slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("player")));
        assertThat(browser.findElement(By.id("state")).getText()).startsWith("Done");
        var js = (JavascriptExecutor) browser;
        js.executeScript("const p = document.getElementById('player'); p.muted = true; p.play();");
        slow.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 0.5);
        assertThat(js.executeScript("return document.getElementById('player').currentSrc")).as("a media source: the stream").asString().startsWith("blob:");
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).contains("/media/");
        // Under the player, what the content credentials signed into the video say.
        WebElement credentials = slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("credentials")));
        assertThat(credentials.findElement(By.tagName("summary")).getText()).startsWith("Made with AI");
        credentials.findElement(By.tagName("summary")).click();
        slow.until(d -> d.findElement(By.id("credentials-facts")).getText().contains("Generated by AI"));
        assertThat(browser.findElement(By.id("credentials-facts")).getText())
                .contains("Made by", "Signed by", "Lokiz content credentials", "Made from", "SHA-256");
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
        Api.status(java.net.http.HttpClient.newHttpClient().send(adjust, java.net.http.HttpResponse.BodyHandlers.ofString()), 201);
        expectRefusal(402);
        browser.findElement(By.id("generate")).click();
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        wait.until(d -> message.getText().startsWith("Not enough credits"));
        assertThat(message.getText()).isEqualTo("Not enough credits: this costs " + price + " and you have 5, so " + (price - 5) + " are missing.");
        js.executeScript("window.scrollTo(0, 0)");
        screenshots("not-enough-credits");
    }

    @Test
    void capturesAFrameOfAnUploadedVideoAndMakesATemplateVideoOfIt() throws Exception {
        signIn("/", "capture-" + UUID.randomUUID().toString().substring(0, 8));
        Path clip = Api.ffmpeg(Files.createTempDirectory("clip").resolve("walk.mp4"), "-f", "lavfi", "-i", "testsrc2=s=640x360:r=24:d=5",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        browser.findElement(By.id("video-file")).sendKeys(clip.toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("capture")));
        wait.until(d -> ((Number) js().executeScript("return document.getElementById('source-player').readyState")).intValue() >= 2);
        browser.findElement(By.id("scrubber")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT, org.openqa.selenium.Keys.ARROW_RIGHT);
        assertThat(browser.findElement(By.id("scrubber-at")).getText()).as("the keyboard moves the scrubber").isEqualTo("0.02");
        js().executeScript("const s = document.getElementById('scrubber'); s.value = 2.5; s.dispatchEvent(new Event('input'));");
        assertThat(browser.findElement(By.id("scrubber-at")).getText()).isEqualTo("2.50");
        screenshots("frame-picker");
        browser.findElement(By.id("capture")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().startsWith("Frame at 2.50 s captured"));
        String captured = browser.findElement(By.id("preview")).getAttribute("data-image-id");
        assertThat(captured).isNotBlank();

        browser.findElement(By.cssSelector("input[name=kind][value=template]")).click();
        wait.until(d -> !new org.openqa.selenium.support.ui.Select(d.findElement(By.id("template"))).getOptions().isEmpty());
        assertThat(browser.findElement(By.id("price")).getText()).isEqualTo(String.valueOf(asTheTab("/api/credits/prices").getInt("i2v_template")));
        screenshots("template-form");
        makeAndPlay();

        var job = asTheTab("/v1/ai/jobs?limit=1").getJsonArray("jobs").getJsonObject(0);
        assertThat(job.getString("job_type")).isEqualTo("i2v_template");
        assertThat(job.getJsonObject("input_data").getString("image_id")).as("the captured frame").isEqualTo(captured);
        assertThat(playerDuration()).isCloseTo(5.0, org.assertj.core.api.Assertions.within(0.15));
        screenshots("template-done");

        // The plan's glitch on a finished video: its row opens the glitch form with it chosen.
        browser.findElement(By.cssSelector("#jobs tr:first-child button[aria-label^='Use the']")).click();
        assertThat(browser.findElement(By.cssSelector("input[name=kind][value=glitch_animate]")).isSelected()).isTrue();
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("glitch-video"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(job.getJsonObject("output_data").getString("video_id"));
        screenshots("glitch-animate-form");
        makeAndPlay();
        var glitch = asTheTab("/v1/ai/jobs?limit=1").getJsonArray("jobs").getJsonObject(0);
        assertThat(glitch.getString("job_type")).isEqualTo("glitch_animate");
        assertThat(glitch.getJsonObject("input_data").getString("template_video_id")).isEqualTo(job.getJsonObject("output_data").getString("video_id"));

        // Music under that glitch video, from its row.
        browser.findElement(By.cssSelector("#jobs tr:first-child button[aria-label^='Lay music']")).click();
        assertThat(browser.findElement(By.cssSelector("input[name=kind][value=music]")).isSelected()).isTrue();
        screenshots("music-form");
        var slow = new WebDriverWait(browser, Duration.ofSeconds(150));
        slow.until(ExpectedConditions.elementToBeClickable(By.id("generate"))).click();
        slow.until(ExpectedConditions.invisibilityOfElementLocated(By.id("result")));
        slow.until(d -> d.findElement(By.id("state")).getText().startsWith("Done"));
        assertThat(browser.findElement(By.id("track")).getAttribute("src")).contains("/media/");
        assertThat(asTheTab("/api/credits/balance").getInt("available")).as("template, glitch and music charged").isEqualTo(100 - 20 - 30 - 5);
    }

    @Test
    void makesABrandedVideoLongerByTheIntroAnAdminUploaded() throws Exception {
        Path intro = Api.ffmpeg(Files.createTempDirectory("intro").resolve("intro.mp4"), "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        signIn("/admin", "console-" + UUID.randomUUID().toString().substring(0, 8));
        var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("brand-intro-file"))).sendKeys(intro.toString());
        wait.until(d -> d.findElement(By.id("message")).getText().equals("The intro is uploaded and on."));
        wait.until(ExpectedConditions.elementSelectionStateToBe(By.id("brand-intro-on"), true));
        assertThat(browser.findElement(By.cssSelector("#brand-intro .brand-length")).getText()).startsWith("2");
        // Only the intro may change the length: an outro left by another test is switched off.
        var outro = browser.findElements(By.id("brand-outro-on"));
        if (!outro.isEmpty() && outro.get(0).isSelected()) {
            outro.get(0).click();
            wait.until(d -> d.findElement(By.id("message")).getText().equals("The outro is off."));
        }
        for (String screen : new String[]{"queue", "branding", "templates", "prices", "credits", "stats"}) {
            shoot("console-" + screen, By.id(screen + "-title"));
        }

        browser.get(LibertyTestServer.BASE_URL + "/"); // the same tab: the studio shares the sign-in
        Path picture = Files.createTempFile("portrait", ".png");
        Files.write(picture, Api.photo(640, 960));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file"))).sendKeys(picture.toString());
        wait.until(d -> d.findElement(By.id("message")).getText().equals("Image ready."));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("duration"))).selectByVisibleText("3");
        makeAndPlay();
        double plain = playerDuration();
        browser.findElement(By.id("branding")).click();
        makeAndPlay();
        double branded = playerDuration();

        assertThat(plain).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.15));
        assertThat(branded - plain).as("the intro's 2 s").isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.15));

        String video = browser.findElement(By.id("player")).getAttribute("data-video-id");

        browser.get(LibertyTestServer.BASE_URL + "/admin"); // leave the brand as it was found: the intro off
        wait.until(ExpectedConditions.elementToBeClickable(By.id("brand-intro-on"))).click();
        wait.until(d -> d.findElement(By.id("message")).getText().equals("The intro is off."));

        // The visible AI label: switched on and off again from the console, as the API then says.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("label-on"))).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("label-corner"))).selectByValue("bottom-left");
        browser.findElement(By.cssSelector("#label-form button")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().equals("New videos carry the AI-generated label."));
        wait.until(d -> d.findElement(By.id("label-changed")).getText().contains("by "));
        assertThat(browser.findElement(By.id("label-corner")).getAttribute("value")).isEqualTo("bottom-left");
        browser.findElement(By.id("label-on")).click();
        browser.findElement(By.cssSelector("#label-form button")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().equals("New videos carry no visible label."));

        // The studio's player reported its play: the console shows it for the video, day by day.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("stats-days"))).selectByValue("1");
        browser.findElement(By.cssSelector("#stats-form button")).click();
        wait.until(d -> d.findElement(By.id("stats")).getText().contains(video));
        browser.findElement(By.cssSelector("#stats button[aria-label='Playback of video " + video + " day by day']")).click();
        WebElement day = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#video-days tr")));
        String[] cells = day.getText().split(" ");
        assertThat(cells[0] + " " + cells[1] + " " + cells[2]).as("day, plays, viewers").isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " 1 1");
        assertThat(Double.parseDouble(cells[3])).as("seconds watched, reported as the page went").isPositive();
        shoot("console-playback-by-day", By.id("video-days-title"));
    }

    @Test
    void grantsAndAdjustsAnAccountsCreditsFromTheConsoleAndShowsItsLedger() throws Exception {
        signIn("/admin", "treasurer-" + UUID.randomUUID().toString().substring(0, 8));
        String account = "customer-" + UUID.randomUUID().toString().substring(0, 8);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-name"))).sendKeys(account);
        browser.findElement(By.cssSelector("#account-form button")).click();
        wait.until(d -> d.findElement(By.id("ledger")).getText().equals("No entries yet."));

        browser.findElement(By.id("grant-amount")).sendKeys("25");
        js().executeScript("document.getElementById('grant-expires').value = '2099-01-01T12:00'");
        browser.findElement(By.id("grant-reason")).sendKeys("launch promotion");
        browser.findElement(By.cssSelector("#grant-form button")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().equals("25 credits granted to " + account + "."));
        browser.findElement(By.id("adjust-amount")).sendKeys("-4");
        browser.findElement(By.id("adjust-reason")).sendKeys("refund of a duplicate order");
        browser.findElement(By.cssSelector("#adjust-form button")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().equals(account + "'s balance adjusted by -4."));

        // The account's first credits come with the welcome grant every new user gets.
        wait.until(d -> d.findElement(By.id("account-available")).getText().equals("121"));
        var rows = browser.findElements(By.cssSelector("#ledger tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains("adjust", "-4", "refund of a duplicate order");
        assertThat(rows.get(1).getText()).contains("grant", "+25", "launch promotion", "2099");
        assertThat(rows.get(2).getText()).contains("grant", "+100");
        shoot("console-credits-ledger", By.id("credits-title"));

        browser.findElement(By.id("adjust-amount")).clear();
        browser.findElement(By.id("adjust-amount")).sendKeys("-500");
        expectRefusal(400);
        browser.findElement(By.cssSelector("#adjust-form button")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().startsWith("the account has 121 credits available"));
        assertThat(browser.findElement(By.id("account-available")).getText()).as("nothing taken").isEqualTo("121");

        // The audit page: what was done to this account, newest first; the refused adjustment is not there
        scrollTo(By.id("audit-title"));
        browser.findElement(By.id("audit-target")).sendKeys("account:" + account);
        browser.findElement(By.cssSelector("#audit-form button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#audit tr")).size() == 6);
        var trail = browser.findElements(By.cssSelector("#audit tr")).stream().map(WebElement::getText).toList();
        assertThat(trail.get(2)).contains("credits.adjust", "balance.available: 125 → 121", "entry.reason refund of a duplicate order");
        assertThat(trail.get(4)).contains("credits.grant", "balance.available: 100 → 125");
        assertThat(trail).filteredOn(line -> line.contains("credits.ledger.read")).hasSize(4); // each time the ledger was shown
        browser.findElement(By.id("audit-action")).sendKeys("credits.grant");
        browser.findElement(By.cssSelector("#audit-form button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#audit tr")).size() == 1);
        shoot("console-audit", By.id("audit-title"));
    }

    @Test
    void keepsAWebhookEndpointFromTheConsoleTestsItAndShowsItsDeliveries() throws Exception {
        try (var receiver = io.lokiz.testing.WebhookReceiver.start()) {
            signIn("/admin", "integrator-" + UUID.randomUUID().toString().substring(0, 8));
            // The console redraws the endpoints' table after every action, so an element found
            // a moment before may be gone: every wait and click here looks the row up afresh.
            var wait = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-url"))).sendKeys(receiver.url());
            browser.findElement(By.id("webhook-description")).sendKeys("studio backend");
            browser.findElement(By.cssSelector("#webhook-form button")).click();
            wait.until(d -> d.findElement(By.id("message")).getText().equals(receiver.url()
                    + " will hear of job.completed, job.failed, job.canceled."));
            String secret = browser.findElement(By.id("webhook-secret")).getText();
            assertThat(secret).startsWith("whsec_");
            By row = By.xpath("//tbody[@id='webhooks']/tr[td[1][text()='" + receiver.url() + "']]");
            assertThat(textOf(wait, row)).contains("job.completed, job.failed, job.canceled", "Enabled");
            shoot("console-webhooks", By.id("webhooks-title"));

            clickIn(wait, row, "Test");
            var delivery = receiver.next(Duration.ofSeconds(10));
            assertThat(delivery).as("the test event arrives").isNotNull();
            new com.standardwebhooks.Webhook(secret).verify(delivery.body(), delivery.headers());

            clickIn(wait, row, "Deliveries");
            wait.until(d -> d.findElement(By.id("deliveries")).getText().contains("delivered"));
            assertThat(textOf(wait, By.id("deliveries"))).contains(delivery.header("webhook-id"), "webhook.test", ": 204 in");
            shoot("console-webhook-deliveries", By.id("deliveries-title"));
            clickIn(wait, By.xpath("//tbody[@id='deliveries']/tr[1]"), "Replay");
            assertThat(receiver.next(Duration.ofSeconds(10)).header("webhook-id")).as("replayed").isEqualTo(delivery.header("webhook-id"));

            clickIn(wait, row, "Rotate secret");
            wait.until(d -> !d.findElement(By.id("webhook-secret")).getText().equals(secret));
            assertThat(textOf(wait, By.id("webhook-secret"))).startsWith("whsec_");

            clickIn(wait, row, "Disable");
            wait.until(d -> d.findElement(row).getText().contains("disabled by an admin"));
            clickIn(wait, row, "Delete");
            wait.until(d -> d.findElements(row).isEmpty());
        }
    }

    /** The text of what {@code element} finds, looked up again if the page was redrawn meanwhile. */
    private static String textOf(Wait<WebDriver> wait, By element) {
        return wait.until(d -> d.findElement(element).getText());
    }

    /** Clicks the button named {@code label} in {@code row}, looked up again if the table was redrawn meanwhile. */
    private static void clickIn(Wait<WebDriver> wait, By row, String label) {
        wait.until(d -> {
            d.findElement(row).findElement(By.xpath(".//button[text()='" + label + "']")).click();
            return true;
        });
    }

    @Test
    void pausesAJobTypeFindsACanceledJobRetriesItAndShowsTheRetrysHistoryFromTheConsole() throws Exception {
        String owner = "retried-" + UUID.randomUUID().toString().substring(0, 8);
        var http = java.net.http.HttpClient.newHttpClient();
        var music = java.net.http.HttpRequest.newBuilder(java.net.URI.create(LibertyTestServer.BASE_URL + "/v1/ai/music"))
                .header("Authorization", "Bearer " + LibertyTestServer.token(owner, "user")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\":\"console drill\",\"duration\":30}")).build();
        String job = Api.json(http.send(music, java.net.http.HttpResponse.BodyHandlers.ofString()), 202).getString("job_id");
        // canceled at once, long before its 30 s of music could be made: a job the console may retry
        var cancel = java.net.http.HttpRequest.newBuilder(java.net.URI.create(LibertyTestServer.BASE_URL + "/v1/ai/jobs/" + job + "/cancel"))
                .header("Authorization", "Bearer " + LibertyTestServer.token(owner, "user")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        Api.json(http.send(cancel, java.net.http.HttpResponse.BodyHandlers.ofString()), 200);
        signIn("/admin", "operator-" + UUID.randomUUID().toString().substring(0, 8));
        // the console redraws its tables after every action: a row found just before a redraw is looked up again
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);

        // pause and resume music on every node
        scrollTo(By.id("job-types"));
        By musicRow = By.xpath("//tbody[@id='job-types']/tr[td[1]='music']");
        clickIn(wait, musicRow, "Pause");
        wait.until(d -> d.findElement(musicRow).getText().contains("Paused since"));
        clickIn(wait, musicRow, "Resume");
        wait.until(d -> d.findElement(musicRow).getText().contains("Taking jobs"));

        // find the owner's canceled job, retry it and read the retry's history
        browser.findElement(By.id("job-search-user")).sendKeys(owner);
        browser.findElement(By.cssSelector("#job-search-form button[type=submit]")).click();
        By found = By.xpath("//tbody[@id='job-results']/tr[1]");
        wait.until(d -> d.findElement(found).getText().contains(owner) && d.findElement(found).getText().contains("Canceled"));
        clickIn(wait, found, "Retry");
        wait.until(d -> d.findElement(By.id("message")).getText().equals(owner + "'s job was made again; its price is held again."));
        wait.until(d -> d.findElement(By.id("job-history-facts")).getText().contains(job));
        assertThat(browser.findElement(By.id("job-history-title")).getText().toLowerCase()).contains("music job", owner);
        wait.until(d -> d.findElement(By.id("job-credits")).getText().contains("hold"));
        shoot("console-job-history", By.id("job-history-title"));
    }

    @Test
    void refusesTheConsoleToAUserWithoutTheAdminRole() throws Exception {
        String user = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        signIn("/", user);
        expectRefusal(403);
        browser.get(LibertyTestServer.BASE_URL + "/admin");
        WebElement why = new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("refused-why")));

        assertThat(why.getText()).startsWith("The admin console is for admins, and " + user + " does not have the admin role.");
        assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#unended tr, #brands .brand, #templates tr"))).as("nothing of the console").isEmpty();
        shoot("console-refused", null);
    }

    private long price() {
        String prices = browser.findElement(By.id("prices")).getText();
        var m = java.util.regex.Pattern.compile("video preview: (\\d+) credits").matcher(prices);
        assertThat(m.find()).as(prices).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The studio's screen at desktop and phone width. */
    private static void screenshots(String screen) throws Exception {
        shoot("studio-" + screen, null);
    }

    /**
     * The screen at desktop and phone width; with {@code element}, scrolled to it at each width.
     * Each screen must pass axe's WCAG 2.1 A and AA rules (labels, names, contrast, structure).
     */
    private static void shoot(String name, By element) throws Exception {
        assertThat(violations()).as(name + ": WCAG 2.1 A/AA violations found by axe").isEmpty();
        var window = browser.manage().window();
        Dimension desktop = window.getSize();
        scrollTo(element);
        Files.write(SCREENSHOTS.resolve(name + "-desktop.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        window.setSize(new Dimension(390, 844));
        scrollTo(element);
        Files.write(SCREENSHOTS.resolve(name + "-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        window.setSize(desktop);
    }

    /** What axe finds wrong with the page as it is now: "rule (impact): the elements". */
    @SuppressWarnings("unchecked")
    private static java.util.List<String> violations() {
        if (!Boolean.TRUE.equals(js().executeScript("return typeof window.axe === 'object'"))) {
            js().executeScript(axe + "\nwindow.axe = axe;");
        }
        return (java.util.List<String>) js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)))
                  .catch((e) => done([`axe failed: ${e}`]));""");
    }

    private static void scrollTo(By element) {
        if (element != null) {
            js().executeScript("arguments[0].scrollIntoView()", browser.findElement(element));
        }
    }

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    /** A fresh tab's session on {@code page}, signed in through the dev form as {@code name}. */
    private static void signIn(String page, String name) {
        // The last test's sign-in is forgotten on the page it left, rather than on a fresh load of the studio, which would
        // first wake up as the last test's user and ask for things of theirs (a 404 in the console when they are gone).
        if (browser.getCurrentUrl().startsWith(LibertyTestServer.BASE_URL)) {
            js().executeScript("sessionStorage.clear()");
        }
        browser.get(LibertyTestServer.BASE_URL + page);
        // By keyboard: the name typed and Enter pressed.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("name")))
                .sendKeys(name, org.openqa.selenium.Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
    }

    /** Submits the chosen job and waits until it is done and its video plays. */
    private static void makeAndPlay() {
        var slow = new WebDriverWait(browser, Duration.ofSeconds(150));
        slow.until(ExpectedConditions.elementToBeClickable(By.id("generate"))).click();
        slow.until(ExpectedConditions.invisibilityOfElementLocated(By.id("result"))); // the last job's result leaves
        slow.until(d -> d.findElement(By.id("state")).getText().startsWith("Done"));
        assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("100");
        slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("player")));
        js().executeScript("const p = document.getElementById('player'); p.muted = true; p.play();");
        slow.until(d -> ((Number) js().executeScript("return document.getElementById('player').currentTime")).doubleValue() > 0.5);
    }

    /** The length of the video the player holds now, once it has read it. */
    private static double playerDuration() {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            Object seconds = js().executeScript("""
                    const p = document.getElementById('player');
                    return p.currentSrc === document.getElementById('download').href && p.readyState >= 1 ? p.duration : null""");
            return seconds == null ? null : ((Number) seconds).doubleValue();
        });
    }

    /** The API as the signed-in browser tab sees it, with its token. */
    private static jakarta.json.JsonObject asTheTab(String path) throws Exception {
        String token = (String) js().executeScript("return sessionStorage.getItem('lokiz.token')");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(LibertyTestServer.BASE_URL + path))
                .header("Authorization", "Bearer " + token).build();
        return Api.json(java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()), 200);
    }
}
