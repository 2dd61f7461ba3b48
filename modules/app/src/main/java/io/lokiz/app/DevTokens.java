package io.lokiz.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Prints a token of the embedded identity provider: {@code user <name>}, {@code admin <name>} or
 * {@code support <name>} (the console's read-only role).
 * README: {@code mvn -q -pl modules/app exec:java -Dexec.args="user alice"}.
 */
public final class DevTokens {

    private DevTokens() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("user", "admin", "support").contains(args[0])) {
            System.err.println("usage: DevTokens user|admin|support [subject]");
            System.exit(2);
        }
        String role = args[0];
        String subject = args.length > 1 ? args[1] : role;
        String dataDir = System.getProperty("lokiz.data.dir", System.getenv().getOrDefault("LOKIZ_DATA_DIR", "data"));
        List<String> roles = role.equals("user") ? List.of("user") : List.of(role, "user");
        System.out.println(new EmbeddedIdentity(Path.of(dataDir)).token(subject, roles, Duration.ofHours(12)));
    }
}
