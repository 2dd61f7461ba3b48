package io.lokiz.app;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser for the tests of the pages: Debian's Chromium, headless, driven by Selenium through chromedriver.
 * Without Chromium and chromedriver this fails (it never skips): {@code .ci/run} installs them.
 */
final class Chromium {

    private Chromium() {
    }

    static WebDriver open() throws IOException {
        Path chromium = Path.of(System.getProperty("lokiz.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("lokiz.chromedriver", "/usr/bin/chromedriver"));
        assertThat(chromium).as("Chromium (apt-get install chromium; .ci/run does)").isExecutable();
        assertThat(driver).as("chromedriver (apt-get install chromium-driver; .ci/run does)").isExecutable();
        var options = new ChromeOptions().setBinary(chromium.toFile())
                // This machine has no internet: Chromium's own background connections only fail.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900",
                        "--user-data-dir=" + Files.createTempDirectory("chromium"));
        // The pages' console, kept by chromedriver for consoleErrors: a policy violation is only ever said there.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return browser;
    }

    /**
     * The errors the browser's console took since the last call: uncaught exceptions, blocked
     * loads (a Content-Security-Policy violation among them) and answers of 4xx or 5xx.
     */
    static List<String> consoleErrors(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }
}
