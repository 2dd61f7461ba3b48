package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lokiz behind the identity provider an enterprise already runs: a real Keycloak, set up as a customer's
 * administrator would (realm {@code lokiz}, a confidential client with an audience mapper for {@code lokiz}, a realm
 * role for admins and no {@code upn} mapper), and a node configured with nothing but that issuer, the role claim and a
 * role map. Its tokens work as Keycloak sends them; what is wrong with a token is said to the caller, and to the
 * operator once a minute at most.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-node-a")
class EnterpriseSignInIT {

    static final Path ROOT = Path.of("target", "it-enterprise").toAbsolutePath();
    static final int KEYCLOAK_PORT = 18180;
    static final String REALM = "lokiz";
    static final String CLIENT = "lokiz-backend";
    static final String CLIENT_SECRET = "backend-secret-of-the-customer";
    static final String STUDIO = "lokiz-studio";
    static final int PORT = 19188;
    /** Short, so that the studio must renew its token while the test watches. */
    static final Duration STUDIO_TOKEN_LIFETIME = Duration.ofSeconds(15);
    static final String PASSWORD = "a-password-of-maria-and-ola";
    static KeycloakServer keycloak;
    static LibertyProcess node;
    static String realmId;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startKeycloakAndANodeTrustingIt() throws Exception {
        Directories.delete(ROOT);
        keycloak = KeycloakServer.start(KEYCLOAK_PORT, ROOT.resolve("keycloak"));
        var database = TestDatabase.emptyDatabase();
        // The node starts beside Keycloak: it needs no provider to start, only to verify the first token.
        node = LibertyProcess.start("lokiz-node-a", PORT, LibertyProcess.onDatabase(database, ROOT.resolve("data")) + """
                <variable name="lokiz.auth.issuer" value="%s"/>
                <variable name="lokiz.auth.role-claim" value="realm_access.roles"/>
                <variable name="lokiz.auth.role-map" value="*=user,lokiz-admins=admin"/>
                <variable name="lokiz.auth.clock-skew-seconds" value="1"/>
                <variable name="lokiz.auth.studio-client-id" value="%s"/>
                """.formatted(keycloak.issuer(REALM), STUDIO), ROOT);
        keycloak.awaitReady();
        setUpTheRealm();
        node.awaitReady();
    }

    /** What the customer's administrator does: nothing Lokiz-specific beyond the audience and a role for admins. */
    static void setUpTheRealm() throws Exception {
        keycloak.admin("POST", "", Json.createObjectBuilder().add("realm", REALM).add("enabled", true).build());
        realmId = Json.createReader(new StringReader(keycloak.admin("GET", "/" + REALM, null).body())).readObject().getString("id");
        keycloak.create("/" + REALM + "/clients", Json.createObjectBuilder()
                .add("clientId", CLIENT).add("secret", CLIENT_SECRET).add("publicClient", false)
                .add("directAccessGrantsEnabled", true).add("standardFlowEnabled", false)
                .add("protocolMappers", Json.createArrayBuilder().add(audienceMapper())).build());
        // a second client, without the audience mapper: its tokens are for Keycloak's own account service only
        keycloak.create("/" + REALM + "/clients", Json.createObjectBuilder()
                .add("clientId", "another-app").add("secret", CLIENT_SECRET).add("publicClient", false)
                .add("directAccessGrantsEnabled", true).add("standardFlowEnabled", false).build());
        // the studio's public client: the code flow with PKCE, back to the studio's pages, its tokens for lokiz too
        keycloak.create("/" + REALM + "/clients", Json.createObjectBuilder()
                .add("clientId", STUDIO).add("publicClient", true).add("standardFlowEnabled", true).add("directAccessGrantsEnabled", false)
                .add("redirectUris", Json.createArrayBuilder().add("http://localhost:" + PORT + "/*"))
                .add("webOrigins", Json.createArrayBuilder().add("http://localhost:" + PORT))
                .add("attributes", Json.createObjectBuilder().add("pkce.code.challenge.method", "S256").add("post.logout.redirect.uris", "+")
                        .add("access.token.lifespan", Long.toString(STUDIO_TOKEN_LIFETIME.toSeconds())))
                .add("protocolMappers", Json.createArrayBuilder().add(audienceMapper()))
                .build());
        keycloak.create("/" + REALM + "/roles", Json.createObjectBuilder().add("name", "lokiz-admins").build());
        user("maria");
        String ola = user("ola");
        JsonObject adminRole = Json.createReader(new StringReader(keycloak.admin("GET", "/" + REALM + "/roles/lokiz-admins", null).body())).readObject();
        keycloak.admin("POST", "/" + REALM + "/users/" + ola + "/role-mappings/realm", Json.createArrayBuilder().add(adminRole).build());
    }

    /** Keycloak's audience mapper: access tokens of the client name {@code lokiz} in {@code aud}. */
    static JsonObject audienceMapper() {
        return Json.createObjectBuilder().add("name", "lokiz audience").add("protocol", "openid-connect")
                .add("protocolMapper", "oidc-audience-mapper")
                .add("config", Json.createObjectBuilder().add("included.custom.audience", "lokiz").add("access.token.claim", "true")
                        .add("id.token.claim", "false"))
                .build();
    }

    static String user(String name) throws Exception {
        String id = keycloak.create("/" + REALM + "/users", Json.createObjectBuilder().add("username", name).add("enabled", true)
                .add("email", name + "@customer.example").add("emailVerified", true).add("firstName", name).add("lastName", "Example")
                .build());
        keycloak.admin("PUT", "/" + REALM + "/users/" + id + "/reset-password",
                Json.createObjectBuilder().add("type", "password").add("value", PASSWORD).add("temporary", false).build());
        return id;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void takesKeycloaksTokensAsTheyAreWithoutAUpnClaim() throws Exception {
        String maria = accessToken(CLIENT, "maria");
        JsonObject claims = claims(maria);
        assertThat(claims).doesNotContainKey("upn");
        assertThat(claims.getString("preferred_username")).isEqualTo("maria");

        json(send(get("/api/credits/balance", maria)), 200);
        // the user is the preferred_username: an admin's grant to "maria" is what maria's token sees
        String ola = accessToken(CLIENT, "ola");
        json(send(post("/api/admin/credits/grants", ola, "{\"account\":\"maria\",\"amount\":7,\"reason\":\"welcome from the IdP test\"}")), 201);
        assertThat(json(send(get("/api/credits/balance", maria)), 200).getJsonNumber("available").longValue()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void mapsTheRealmRolesOfTheTokenOntoLokizRoles() throws Exception {
        json(send(get("/api/admin/queue", accessToken(CLIENT, "ola"))), 200);
        assertProblem(send(get("/api/admin/queue", accessToken(CLIENT, "maria"))), 403, "forbidden");
    }

    @Test
    void refusesATokenForAnotherAudienceSayingSoAndLogsItOnceAMinute() throws Exception {
        String elsewhere = accessToken("another-app", "maria");
        for (int i = 0; i < 20; i++) {
            JsonObject problem = assertProblem(send(get("/api/credits/balance", elsewhere)), 401, "unauthorized");
            assertThat(problem.getString("detail")).contains("aud").contains("does not include lokiz");
        }
        assertThat(Files.readAllLines(node.log(), StandardCharsets.UTF_8))
                .filteredOn(line -> line.contains("Refused a bearer token") && line.contains("does not include lokiz")).hasSize(1);
        assertThat(Files.readAllLines(node.log(), StandardCharsets.UTF_8)).noneMatch(line -> line.contains("CWWKS5519E") || line.matches(".*\\] \\p{XDigit}{8} \\S+\\s+E .*"));
    }

    @Test
    @Timeout(60)
    void refusesAnExpiredToken() throws Exception {
        var lifespan = Json.createObjectBuilder().add("clientId", "short-lived").add("secret", CLIENT_SECRET).add("publicClient", false)
                .add("directAccessGrantsEnabled", true).add("standardFlowEnabled", false)
                .add("attributes", Json.createObjectBuilder().add("access.token.lifespan", "2"))
                .add("protocolMappers", Json.createArrayBuilder().add(audienceMapper()))
                .build();
        keycloak.create("/" + REALM + "/clients", lifespan);
        String token = accessToken("short-lived", "maria");
        json(send(get("/api/credits/balance", token)), 200);
        // refused once past exp and the node's one second of skew
        var refused = node.await("the token refused once expired", Duration.ofSeconds(15),
                () -> Optional.of(send(get("/api/credits/balance", token))).filter(r -> r.statusCode() != 200));
        assertThat(assertProblem(refused, 401, "unauthorized").getString("detail")).contains("expired");
    }

    @Test
    @Timeout(90)
    void picksUpARotatedSigningKeyWithoutARestart() throws Exception {
        String before = accessToken(CLIENT, "maria");
        json(send(get("/api/credits/balance", before)), 200);

        keycloak.create("/" + REALM + "/components", Json.createObjectBuilder().add("name", "rotated-" + System.nanoTime())
                .add("providerId", "rsa-generated").add("providerType", "org.keycloak.keys.KeyProvider").add("parentId", realmId)
                .add("config", Json.createObjectBuilder().add("priority", Json.createArrayBuilder().add("1000"))
                        .add("keySize", Json.createArrayBuilder().add("2048")))
                .build());
        String after = accessToken(CLIENT, "maria");
        assertThat(header(after).getString("kid")).as("Keycloak signs with the new key").isNotEqualTo(header(before).getString("kid"));

        // the node fetches the JWKS again for a kid it has not seen, at most every IssuerKeys.REFETCH_AT_MOST_EVERY
        json(node.await("the new key taken", IssuerKeys.REFETCH_AT_MOST_EVERY.multipliedBy(3),
                () -> Optional.of(send(get("/api/credits/balance", after))).filter(r -> r.statusCode() != 401)), 200);
    }

    @Test
    void offersOnlyWhatThisNodeIsConfiguredFor() throws Exception {
        assertProblem(send(get("/api/dev/sign-in", null)), 404, "not-found"); // no embedded sign-in beside the provider
        assertProblem(send(post("/api/dev/sign-in", null, "{\"name\":\"mallory\",\"admin\":true}")), 404, "not-found");
        assertProblem(send(get("/api/admin/analytics/videos", accessToken(CLIENT, "ola"))), 404, "analytics-disabled");
    }

    @Test
    @Timeout(150)
    void signsInToTheStudioAtTheProviderRenewsItsTokenAndSignsOutThere() throws Exception {
        assertThat(json(send(get("/api/sign-in/provider", null)), 200).getString("clientId")).isEqualTo(STUDIO);
        JsonObject methods = json(send(get("/api/sign-in", null)), 200);
        assertThat(methods.getBoolean("embedded")).isFalse();
        assertThat(methods.getJsonObject("provider").getString("clientId")).isEqualTo(STUDIO);
        WebDriver browser = Chromium.open();
        try {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(node.url("/"));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#provider-sign-in button"))).click();
            // Keycloak's own sign-in page: the password never reaches Lokiz
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("maria");
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            Chromium.consoleErrors(browser); // Keycloak's pages are not ours to judge
            browser.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.textToBe(By.id("who"), "maria"));
            wait.until(ExpectedConditions.textMatches(By.id("balance"), java.util.regex.Pattern.compile("\\d+")));
            assertThat(browser.getCurrentUrl()).as("the code is not left in the address").isEqualTo(node.url("/"));
            var js = (JavascriptExecutor) browser;
            String token = (String) js.executeScript("return sessionStorage.getItem('lokiz.token')");
            assertThat(claims(token).getString("azp")).isEqualTo(STUDIO);
            assertThat(js.executeScript("return sessionStorage.getItem('lokiz.pkce')")).as("the verifier is used once").isNull();

            // renewed before it expires, with the refresh token, and the renewed one works
            new WebDriverWait(browser, STUDIO_TOKEN_LIFETIME).until(d -> !token.equals(js.executeScript("return sessionStorage.getItem('lokiz.token')")));
            String renewed = (String) js.executeScript("return sessionStorage.getItem('lokiz.token')");
            assertThat(Instant.ofEpochSecond(claims(token).getJsonNumber("exp").longValue())).isAfter(Instant.now());
            json(send(get("/api/credits/balance", renewed)), 200);
            assertThat(Chromium.consoleErrors(browser)).as("the studio's console, back from the provider and renewed").isEmpty();

            browser.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#provider-sign-in button"))).click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).isDisplayed())
                    .as("signed out at the provider too: it asks for the password again").isTrue();
        } finally {
            browser.quit();
        }
    }

    String accessToken(String client, String user) throws Exception {
        return keycloak.token(REALM, Map.of("grant_type", "password", "client_id", client, "client_secret", CLIENT_SECRET,
                "username", user, "password", PASSWORD, "scope", "openid")).getString("access_token");
    }

    static JsonObject claims(String jwt) {
        return part(jwt, 1);
    }

    static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonObject part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }

    HttpRequest get(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    HttpRequest post(String path, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
