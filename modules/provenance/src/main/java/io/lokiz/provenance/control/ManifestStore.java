package io.lokiz.provenance.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A C2PA manifest store holding one manifest: the assertion store, the claim (version 2) that
 * binds every assertion by its hash, and the claim's signature.
 */
public final class ManifestStore {

    static final String CLAIM_LABEL = "c2pa.claim.v2";
    static final String SIGNATURE_LABEL = "c2pa.signature";

    private ManifestStore() {
    }

    /**
     * The store's bytes. {@code label} names the manifest ({@code urn:c2pa:<uuid>}); the generator
     * is the claim's {@code claim_generator_info}; the assertions are all created by the generator.
     */
    public static byte[] of(String label, String instanceId, Map<String, Object> generator, List<Assertion> assertions,
                            SigningKey signer) {
        byte[][] boxes = assertions.stream().map(Assertion::box).toArray(byte[][]::new);
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("instanceID", instanceId);
        claim.put("claim_generator_info", generator);
        claim.put("signature", "self#jumbf=" + SIGNATURE_LABEL);
        claim.put("created_assertions", assertions.stream().map(a -> Map.of(
                "url", "self#jumbf=c2pa.assertions/" + a.label(),
                "hash", a.hash())).toList());
        claim.put("alg", "sha256");
        byte[] claimCbor = Cbor.encode(claim);
        byte[] signature = CoseSign1.sign(claimCbor, signer.key(), signer.chain());
        return Jumbf.superbox(Jumbf.STORE, "c2pa",
                Jumbf.superbox(Jumbf.MANIFEST, label,
                        Jumbf.superbox(Jumbf.ASSERTIONS, "c2pa.assertions", boxes),
                        Jumbf.superbox(Jumbf.CLAIM, CLAIM_LABEL, Jumbf.cbor(claimCbor)),
                        Jumbf.superbox(Jumbf.SIGNATURE, SIGNATURE_LABEL, Jumbf.cbor(signature))));
    }
}
