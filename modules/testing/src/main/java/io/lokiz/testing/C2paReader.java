package io.lokiz.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C2PA reference implementation, c2pa-rs compiled to WebAssembly (npm {@code @contentauth/c2pa-wasm}),
 * run on the machine's Node.js: what a platform or a browser extension would conclude about a file.
 * {@code root} is the directory the build installed the package into (it holds {@code node_modules}).
 */
public final class C2paReader {

    /** What the reader concluded: {@code Valid} or {@code Invalid}, every status code, the store as crJSON-like JSON. */
    public record Verdict(String state, List<String> codes, JsonObject store) {

        /** The active manifest of the store. */
        public JsonObject activeManifest() {
            return store.getJsonObject("manifests").getJsonObject(store.getString("active_manifest"));
        }
    }

    private final Path root;
    private final Path script;

    public C2paReader(Path root) throws IOException {
        if (!Files.isDirectory(root.resolve("node_modules/@contentauth/c2pa-wasm"))) {
            throw new IllegalStateException("the C2PA reader is not installed in " + root.toAbsolutePath()
                    + " (the build runs npm ci there before the tests)");
        }
        this.root = root;
        this.script = Files.createTempFile("c2pa-read", ".mjs");
        try (InputStream in = C2paReader.class.getResourceAsStream("c2pa-read.mjs")) {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Reads {@code file} as {@code mediaType}; fails when the reader finds no manifest at all. */
    public Verdict read(Path file, String mediaType) throws IOException, InterruptedException {
        JsonObject out = run(file, mediaType);
        if (out.containsKey("error")) {
            throw new AssertionError("the C2PA reader found no readable manifest in " + file + ": " + out.getString("error"));
        }
        return new Verdict(out.getString("state"),
                out.getJsonArray("codes").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                out.getJsonObject("store"));
    }

    /** The reader's error for a file it cannot read, e.g. {@code C2pa(JumbfNotFound)} for an unsigned one. */
    public String error(Path file, String mediaType) throws IOException, InterruptedException {
        JsonObject out = run(file, mediaType);
        return out.containsKey("error") ? out.getString("error") : null;
    }

    private JsonObject run(Path file, String mediaType) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", script.toString(), root.toAbsolutePath().toString(), mediaType,
                file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new IOException("the C2PA reader failed: " + printed);
        }
        String last = printed.strip().lines().reduce((a, b) -> b).orElse("{}");
        try (var reader = Json.createReader(new StringReader(last))) {
            return reader.readObject();
        }
    }
}
