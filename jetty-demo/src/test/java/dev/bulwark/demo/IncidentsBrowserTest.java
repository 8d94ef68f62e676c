package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bulwark.waf.cli.IncidentReport;
import dev.bulwark.waf.testsupport.SharedData;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The incidents page in a real browser: headless Chromium through chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}). Attack payloads show as text and never run, the page's own nonce'd script and style are
 * accepted by its CSP, the copy button copies the SecLang (through the clipboard, or by selecting it), and the link
 * opens the incident's page.
 *
 * <p>The browser and driver are {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or the system properties
 * {@code chrome.binary} and {@code chromedriver} (env {@code CHROME_BIN}, {@code CHROMEDRIVER}). Without them the test is
 * skipped, except in CI ({@code CI=true}), where it fails: {@code .ci/run} installs them.
 */
class IncidentsBrowserTest {

    static final String XSS = "<img src=x onerror=\"document.title='pwned'\">";
    static final String ALERT = "<script>alert(document.domain)</script>";

    private static DemoServer server;
    private static ChromeDriver driver;
    private static Path audit;
    private static String incident;
    private static String scriptIncident;
    /** Why the browser cannot run, or null. */
    private static String unavailable;

    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @BeforeAll
    static void start() throws Exception {
        String browser = locate("chrome.binary", "CHROME_BIN", "/usr/bin/chromium");
        String chromedriver = locate("chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        if (browser == null || chromedriver == null) {
            String why = "headless browser test needs chromium and chromedriver (apt-get install chromium "
                    + "chromium-driver; or -Dchrome.binary=... -Dchromedriver=...): "
                    + (browser == null ? "no browser" : "browser " + browser) + ", "
                    + (chromedriver == null ? "no chromedriver" : "chromedriver " + chromedriver);
            if (SharedData.inCi()) {
                fail(why + " (CI=true: .ci/run installs them)");
            }
            // each test reports itself skipped with this reason (an abort here would show as "0 tests run")
            unavailable = why;
            System.err.println("IncidentsBrowserTest skipped: " + why);
            return;
        }
        audit = Files.createTempDirectory("bulwark-browser-test").resolve("audit.log");
        server = IncidentsPageTest.start("--port", "0", "--audit-log", audit.toString());
        scriptIncident = IncidentsPageTest.blocked(IncidentsPageTest.raw(server.port(), "GET / HTTP/1.1",
                "Host: localhost", "User-Agent: " + ALERT));
        incident = IncidentsPageTest.blocked(IncidentsPageTest.get(server.port(),
                "/?q=" + URLEncoder.encode(XSS, StandardCharsets.UTF_8)));
        awaitLogged(incident);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1024");
        // an alert a payload raised must stay open for the test to see it
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (audit != null) {
            IncidentsPageTest.deleteTree(audit.getParent());
        }
    }

    private static String locate(String property, String env, String fallback) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            p = System.getenv(env);
        }
        if (p == null || p.isBlank()) {
            p = fallback;
        }
        return Files.isExecutable(Path.of(p)) ? p : null;
    }

    private static void awaitLogged(String id) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Files.exists(audit) || !Files.readString(audit, StandardCharsets.ISO_8859_1).contains(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("incident " + id + " not in the audit log after 15 s");
            }
            Thread.sleep(100);
        }
    }

    private static String base() {
        return "http://localhost:" + server.port();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** No payload ran: the title is the page's, no alert is open, no element of a payload exists. */
    private static void assertNothingRan(String title) {
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert is open");
        assertEquals(title, driver.getTitle());
        assertEquals(0L, js("return document.querySelectorAll('img, svg, iframe, object, embed').length;"));
        assertEquals(1L, js("return document.scripts.length;"), "only the page's own script");
        List<String> csp = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .collect(Collectors.toList());
        assertEquals(List.of(), csp, "the page's own script and style are allowed by its CSP");
    }

    private String expectedSecLang() throws Exception {
        for (String line : Files.readAllLines(audit, StandardCharsets.ISO_8859_1)) {
            if (line.contains("\"unique_id\":\"" + incident + "\"")) {
                return IncidentReport.parse(line, "audit.log").suggestions().get(0).secLang();
            }
        }
        throw new AssertionError("no log line for " + incident);
    }

    /** The copy button and its SecLang block in the section of {@link #incident} on the list page. */
    private static WebElement[] copyButtonOfIncident() {
        WebElement section = driver.findElement(By.xpath(
                "//section[.//a[contains(@href, '/bulwark/incidents/" + incident + "')]]"));
        WebElement button = section.findElement(By.cssSelector("button[data-copy]"));
        WebElement pre = driver.findElement(By.id(button.getAttribute("data-copy")));
        return new WebElement[] {button, pre};
    }

    @Test
    void theListShowsThePayloadsAsTextAndRunsNone() {
        driver.get(base() + "/bulwark/incidents");
        assertNothingRan("Bulwark incidents");
        String text = driver.findElement(By.tagName("body")).getText();
        assertTrue(text.contains(incident), text);
        assertTrue(text.contains(scriptIncident), text);
        assertTrue(text.contains(XSS), "the payload is shown as text: " + text);
        assertTrue(text.contains(ALERT.toLowerCase(java.util.Locale.ROOT)), text);
        assertTrue(text.contains("ctl:ruleRemoveTargetById=102002;ARGS:q"), text);
    }

    @Test
    void theCopyButtonPutsTheSecLangOnTheClipboard() throws Exception {
        driver.get(base() + "/bulwark/incidents");
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        WebElement[] found = copyButtonOfIncident();
        String shown = (String) js("return arguments[0].textContent;", found[1]);
        assertEquals(expectedSecLang(), shown);
        found[0].click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> found[0].getAttribute("data-state") != null);
        assertEquals("copied", found[0].getAttribute("data-state"), "through navigator.clipboard");
        assertEquals("Copied", found[0].getText());
        Object clipboard = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[0];"
                + "navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });");
        assertEquals(expectedSecLang(), clipboard);
        assertNothingRan("Bulwark incidents");
    }

    @Test
    void withoutTheClipboardApiTheButtonSelectsTheSecLang() throws Exception {
        driver.get(base() + "/bulwark/incidents");
        // as on a plain-http page that is not localhost, where navigator.clipboard does not exist
        js("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});");
        WebElement[] found = copyButtonOfIncident();
        found[0].click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> found[0].getAttribute("data-state") != null);
        String state = found[0].getAttribute("data-state");
        assertTrue(state.equals("selected") || state.equals("copied-by-selection"), state);
        assertEquals(expectedSecLang(), js("return window.getSelection().toString();"));
        assertNothingRan("Bulwark incidents");
    }

    @Test
    void theLinkOpensTheIncidentsOwnPage() {
        driver.get(base() + "/bulwark/incidents");
        driver.findElement(By.cssSelector("a[href='/bulwark/incidents/" + incident + "']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith("/bulwark/incidents/" + incident));
        assertNothingRan("Bulwark incident " + incident);
        String text = driver.findElement(By.tagName("body")).getText();
        assertTrue(text.contains("Incident " + incident), text);
        assertTrue(text.contains(XSS), text);
        assertTrue(text.contains("GET /?q=" + URLEncoder.encode(XSS, StandardCharsets.UTF_8) + " HTTP/1.1"), text);
        assertEquals(1, driver.findElements(By.cssSelector("section.incident")).size());
    }
}
