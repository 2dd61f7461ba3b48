package io.lokiz.app;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An OpenID Connect provider's discovery document, {@code <issuer>/.well-known/openid-configuration} (OIDC Discovery 1.0). */
final class Discovery {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Discovery() {
    }

    /** The document of {@code issuer}, which must name that very issuer (section 4.3: no other provider's keys by mistake). */
    static JsonObject of(String issuer) throws IOException {
        URI address = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(address).timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + address, e);
        }
        if (answer.statusCode() != 200) {
            throw new IOException(address + " answered " + answer.statusCode());
        }
        JsonObject document = Json.createReader(new StringReader(answer.body())).readObject();
        if (!issuer.equals(document.getString("issuer", null))) {
            throw new IOException(address + " is the document of issuer " + document.getString("issuer", null) + ", not " + issuer);
        }
        return document;
    }

    /** The endpoint named {@code name} in {@code document}; a document without it does not describe a usable provider. */
    static String endpoint(JsonObject document, String name) throws IOException {
        String value = document.getString(name, null);
        if (value == null) {
            throw new IOException("the discovery document of " + document.getString("issuer", "?") + " names no " + name);
        }
        return value;
    }
}
