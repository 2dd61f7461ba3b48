package io.lokiz.provenance.control;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Where the signing key comes from: PEM from configuration (a key and its chain from a C2PA-trusted
 * issuer), or, on the embedded defaults, a key made once in the data directory's {@code keys},
 * certified by a local root made with it. Verifiers read such files as signed but untrusted
 * ({@code signingCredential.untrusted}) until the root is added to their trust list; the root's
 * own key is thrown away once it has certified the signing key, so nothing else can be certified.
 */
public final class SigningKeys {

    static final String KEY_FILE = "c2pa-signing-key.pem";
    static final String CHAIN_FILE = "c2pa-signing-chain.pem";
    static final String ROOT_FILE = "c2pa-root.pem";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningKeys() {
    }

    /** A key and its chain, each PEM text or the path of a PEM file; the chain lists the signing certificate first. */
    public static SigningKey fromPem(String key, String chain) throws IOException {
        return new SigningKey(privateKey(pemText(key)), certificates(pemText(chain)));
    }

    /** The embedded default in {@code keys}: read if it is there, made (atomically, once) if not. */
    public static synchronized SigningKey embedded(Path keys, Clock clock) throws IOException {
        Path key = keys.resolve(KEY_FILE);
        Path chain = keys.resolve(CHAIN_FILE);
        if (!Files.exists(key) || !Files.exists(chain)) {
            make(keys, clock.instant());
        }
        return fromPem(Files.readString(key), Files.readString(chain));
    }

    private static void make(Path keys, Instant now) throws IOException {
        try {
            KeyPair root = p256();
            KeyPair signing = p256();
            var extensions = new JcaX509ExtensionUtils();
            X500Name rootName = new X500Name("CN=Lokiz local content credentials root,O=Lokiz");
            Date from = Date.from(now.minus(Duration.ofDays(1)));
            Date until = Date.from(now.plus(Duration.ofDays(3650)));

            X509v3CertificateBuilder rootCert = new JcaX509v3CertificateBuilder(rootName, serial(), from, until, rootName, root.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(root.getPublic()));
            X509Certificate rootCertificate = certificate(rootCert, root.getPrivate());

            X509v3CertificateBuilder signingCert = new JcaX509v3CertificateBuilder(rootCertificate, serial(), from, until,
                    new X500Name("CN=Lokiz content credentials,O=Lokiz"), signing.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(signing.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(rootCertificate));
            X509Certificate signingCertificate = certificate(signingCert, root.getPrivate());

            Files.createDirectories(keys);
            write(keys.resolve(ROOT_FILE), pem(rootCertificate), false);
            write(keys.resolve(CHAIN_FILE), pem(signingCertificate), false);
            write(keys.resolve(KEY_FILE), pem(signing.getPrivate()), true); // last: its presence means the set is whole
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the embedded provenance signing key", e);
        }
    }

    private static KeyPair p256() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, PrivateKey issuer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer)));
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static String pemText(String value) throws IOException {
        String v = value.strip();
        return v.startsWith("-----BEGIN") ? v : Files.readString(Path.of(v));
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("lokiz.provenance.key holds no unencrypted private key (PKCS#8 or EC PEM)");
        }
    }

    private static List<X509Certificate> certificates(String pem) throws IOException {
        try {
            var factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IOException("lokiz.provenance.certificate-chain holds no certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException("lokiz.provenance.certificate-chain is not PEM certificates", e);
        }
    }

    private static String pem(Object value) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(value instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : value); // PKCS#8, as the JDK writes keys
        }
        return text.toString();
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        if (secret) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(partial, text);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
