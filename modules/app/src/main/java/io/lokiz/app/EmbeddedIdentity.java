package io.lokiz.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The identity provider of the embedded defaults: an RSA key pair in {@code <data>/keys}, made on
 * first use, and RS256 tokens signed with it. It exists only while {@code lokiz.auth.issuer} is
 * {@link #ISSUER}; with a real issuer configured the server trusts that issuer's key alone.
 */
public final class EmbeddedIdentity {

    /** The issuer of embedded tokens; configuring any other issuer turns this path off. */
    public static final String ISSUER = "urn:lokiz:embedded";
    public static final String AUDIENCE = "lokiz";

    private final Path privateKey;
    private final Path publicKey;

    public EmbeddedIdentity(Path dataDir) {
        Path keys = dataDir.resolve("keys");
        this.privateKey = keys.resolve("jwt-private.pem");
        this.publicKey = keys.resolve("jwt-public.pem");
    }

    /** The PEM file the server verifies embedded tokens with (made if missing). */
    public Path publicKeyFile() throws IOException {
        keyPair();
        return publicKey;
    }

    /** A token for {@code subject} with {@code roles}, valid for {@code lifetime}. */
    public String token(String subject, List<String> roles, Duration lifetime) throws IOException {
        return sign(keyPair().getPrivate(), ISSUER, AUDIENCE, subject, roles, Instant.now(), lifetime);
    }

    /** The signing key, for tests that make tokens wrong in one way each. */
    java.security.PrivateKey signingKey() throws IOException {
        return keyPair().getPrivate();
    }

    /** Signs a JWT with RS256. */
    public static String sign(PrivateKey key, String issuer, String audience, String subject, List<String> roles,
                              Instant issuedAt, Duration lifetime) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
        String claims = String.format("{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"%s\",\"upn\":\"%s\",\"groups\":%s,"
                        + "\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}", issuer, audience, subject, subject, groups,
                issuedAt.getEpochSecond(), issuedAt.plus(lifetime).getEpochSecond(), UUID.randomUUID());
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private synchronized KeyPair keyPair() throws IOException {
        try {
            if (Files.exists(privateKey) && Files.exists(publicKey)) {
                var rsa = KeyFactory.getInstance("RSA");
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(pem(publicKey))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKey))));
            }
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKey.getParent());
            writePem(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable embedded key pair in " + privateKey.getParent(), e);
        }
    }

    private static byte[] pem(Path file) throws IOException {
        return der(Files.readString(file));
    }

    /** The DER bytes a PEM text holds (its armour and line breaks gone). */
    static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String text = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        if (secret) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(partial, text);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
