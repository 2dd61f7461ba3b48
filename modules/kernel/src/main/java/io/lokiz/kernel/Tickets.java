package io.lokiz.kernel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived, single-purpose capabilities for the places a browser cannot send a bearer token
 * ({@code <video src>}, {@code EventSource}): HMAC-signed {@code purpose}, {@code scope} and expiry.
 * A ticket admits its scope alone; a scope ending in {@code /} admits everything below it.
 */
@ApplicationScoped
public class Tickets {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final Hmac hmac;
    private final Clock clock;

    @Inject
    public Tickets(@ConfigProperty(name = "lokiz.auth.ticket-secret") Optional<String> configured,
                   @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir, Clock clock) {
        this(configured.map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> storedSecret(Path.of(dataDir).resolve("keys/ticket.secret"))), clock);
    }

    public Tickets(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("lokiz.auth.ticket-secret must be at least 32 bytes");
        }
        this.hmac = new Hmac(secret);
        this.clock = clock;
    }

    protected Tickets() {
        this.hmac = null;
        this.clock = null;
    }

    /** A ticket for {@code purpose} on {@code scope}, valid for {@code ttl}. */
    public String issue(String purpose, String scope, Duration ttl) {
        String claims = purpose + "\n" + scope + "\n" + clock.instant().plus(ttl).getEpochSecond();
        byte[] body = claims.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(hmac.sign(body));
    }

    /** True when the ticket is genuine, unexpired, for {@code purpose}, and its scope covers {@code resource}. */
    public boolean admits(String ticket, String purpose, String resource) {
        if (ticket == null || ticket.length() > 2048) {
            return false;
        }
        int dot = ticket.indexOf('.');
        try {
            byte[] body = Base64.getUrlDecoder().decode(ticket.substring(0, Math.max(0, dot)));
            byte[] signature = Base64.getUrlDecoder().decode(ticket.substring(dot + 1));
            if (dot < 0 || !hmac.verifies(signature, body)) {
                return false;
            }
            String[] claims = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            return claims.length == 3 && claims[0].equals(purpose)
                    && (claims[1].equals(resource) || claims[1].endsWith("/") && resource.startsWith(claims[1]))
                    && Long.parseLong(claims[2]) >= clock.instant().getEpochSecond();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** The secret of a node without configuration: made once in the (shared) data directory. */
    private static byte[] storedSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path partial = Files.createTempFile(file.getParent(), "ticket", ".part");
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                Files.write(partial, B64.encode(fresh));
                try {
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE); // another node may win; then use its secret
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
