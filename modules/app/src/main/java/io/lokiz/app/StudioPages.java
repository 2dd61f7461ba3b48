package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The studio and the admin console, served by the app itself: plain HTML, CSS and JavaScript
 * from the WAR's class path ({@code studio/}), and hls.js from its WebJar. Pages carry a policy of their own, strict but
 * one they can live with (the API's {@code default-src 'none'} would block them): scripts and
 * styles from here only, media and images also from the store's public address when videos are
 * served from a CDN, {@code blob:} for the player's media source, and {@code blob:} workers only: hls.js
 * transmuxes and parses in a worker it builds from a blob of its own code (blocked, it falls back to the
 * page's main thread, which then stutters while segments arrive). They are pages for browsers,
 * not API: the OpenAPI document leaves them out, so no generated client grows methods for them.
 */
@Path("")
@ApplicationScoped
@PermitAll
public class StudioPages {

    private static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");

    private final String policy;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Inject
    public StudioPages(@ConfigProperty(name = "lokiz.storage.public-base-url") Optional<String> mediaBase,
                       @ConfigProperty(name = "lokiz.auth.issuer", defaultValue = EmbeddedIdentity.ISSUER) String issuer,
                       @ConfigProperty(name = "lokiz.auth.studio-client-id") Optional<String> studioClient) {
        String media = mediaBase.filter(s -> !s.isBlank()).map(StudioPages::origin).map(o -> " " + o).orElse("");
        // the studio trades its authorization code for tokens, and renews them, at the provider's token endpoint
        String provider = ProviderSignIn.origin(issuer, studioClient).map(o -> " " + o).orElse("");
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + media
                + "; media-src 'self' blob:" + media + "; connect-src 'self'" + media + provider
                + "; worker-src blob:"
                + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    protected StudioPages() {
        this(Optional.empty(), EmbeddedIdentity.ISSUER, Optional.empty());
    }

    /** The studio. */
    @GET
    @Operation(hidden = true)
    public Response studio() {
        return page("studio/index.html");
    }

    /** The admin console: the page is public like any file; what it shows comes from admin-only APIs. */
    @GET
    @Path("admin")
    @Operation(hidden = true)
    public Response console() {
        return page("studio/admin.html");
    }

    /** The studio's scripts, styles and the player's library. */
    @GET
    @Path("studio/{file}")
    @Operation(hidden = true)
    public Response asset(@PathParam("file") String file) {
        if (file.equals("hls.min.js")) {
            return page(HLS_JS);
        }
        if (!isAssetName(file)) {
            throw Problem.notFound("file", file);
        }
        return page("studio/" + file);
    }

    private Response page(String resource) {
        byte[] body = files.get(resource);
        if (body == null) {
            body = read(resource);
            if (body.length == 0) { // misses are not kept: any name could be asked for
                throw Problem.notFound("file", resource.substring(resource.lastIndexOf('/') + 1));
            }
            files.put(resource, body);
        }
        String type = TYPES.getOrDefault(resource.substring(resource.lastIndexOf('.') + 1), "application/octet-stream");
        return Response.ok(body, type)
                .header("Content-Security-Policy", policy)
                .header("Cache-Control", "no-cache") // small files, revalidated: a new release shows at once
                .build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = StudioPages.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file name of the studio's folder: letters, digits, '-' and one extension. */
    static boolean isAssetName(String file) {
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || !TYPES.containsKey(file.substring(dot + 1)) || file.length() > 64) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            char c = file.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
