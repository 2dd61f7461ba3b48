package io.lokiz.provenance.control;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A COSE_Sign1 (RFC 9052) as C2PA signs a claim: ES256, the certificate chain in the protected
 * header ({@code x5chain}, RFC 9360), the claim itself detached (a nil payload), tagged 18.
 */
public final class CoseSign1 {

    private static final int TAG_SIGN1 = 18;
    private static final int HEADER_ALG = 1;
    private static final int HEADER_X5CHAIN = 33;
    private static final int ES256 = -7;

    private CoseSign1() {
    }

    /** The tagged COSE_Sign1 over {@code payload}, which is not carried in it. */
    public static byte[] sign(byte[] payload, PrivateKey key, List<X509Certificate> chain) {
        byte[] protectedHeader = protectedHeader(chain);
        byte[] toBeSigned = Cbor.write(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]); // no external data
            g.writeBinary(payload);
            g.writeEndArray();
        });
        byte[] signature = es256(key, toBeSigned);
        return Cbor.write(g -> {
            g.writeTag(TAG_SIGN1);
            g.writeStartArray(null, 4);
            g.writeBinary(protectedHeader);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeNull();
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    private static byte[] protectedHeader(List<X509Certificate> chain) {
        return Cbor.write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldId(HEADER_ALG);
            g.writeNumber(ES256);
            g.writeFieldId(HEADER_X5CHAIN);
            g.writeStartArray(null, chain.size());
            for (X509Certificate c : chain) {
                try {
                    g.writeBinary(c.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException("unencodable signing certificate", e);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** ECDSA P-256 with SHA-256 as COSE wants it: r and s, 32 bytes each, not DER. */
    private static byte[] es256(PrivateKey key, byte[] data) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key);
            ecdsa.update(data);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the provenance key", e);
        }
    }
}
