package io.lokiz.kernel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** HMAC-SHA256 with one key: what tickets and Standard Webhooks sign with, compared in constant time. */
public final class Hmac {

    private final SecretKeySpec key;

    public Hmac(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The MAC of the parts, as if they were one message. */
    public byte[] sign(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when {@code signature} is the MAC of the parts; the comparison takes the same time however many bytes match. */
    public boolean verifies(byte[] signature, byte[]... parts) {
        return MessageDigest.isEqual(sign(parts), signature);
    }
}
