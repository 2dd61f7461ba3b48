package io.lokiz.storage.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.Storage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one place that knows which store runs ({@code lokiz.storage.kind}): every other class,
 * in this module or another, sees a {@link Storage}. A misspelt kind or a bucket without its keys
 * stops the start with one line naming the setting, not the first upload.
 */
@ApplicationScoped
public class ConfiguredStorage {

    private static final Logger LOG = Logger.getLogger(ConfiguredStorage.class.getName());

    private final MediaUrls mediaUrls;
    private final Storage storage;

    @Inject
    public ConfiguredStorage(@ConfigProperty(name = "lokiz.storage.kind", defaultValue = "filesystem") String kind,
                             @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir,
                             @ConfigProperty(name = "lokiz.storage.dir") Optional<String> storageDir,
                             @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl,
                             @ConfigProperty(name = "lokiz.media.url-ttl-seconds", defaultValue = "3600") long urlTtlSeconds,
                             @ConfigProperty(name = "lokiz.storage.s3.endpoint") Optional<String> endpoint,
                             @ConfigProperty(name = "lokiz.storage.s3.presign-endpoint") Optional<String> presignEndpoint,
                             @ConfigProperty(name = "lokiz.storage.s3.region", defaultValue = "us-east-1") String region,
                             @ConfigProperty(name = "lokiz.storage.s3.bucket") Optional<String> bucket,
                             @ConfigProperty(name = "lokiz.storage.s3.path-style", defaultValue = "false") boolean pathStyle,
                             @ConfigProperty(name = "lokiz.storage.s3.access-key") Optional<String> accessKey,
                             @ConfigProperty(name = "lokiz.storage.s3.secret-key") Optional<String> secretKey,
                             @ConfigProperty(name = "lokiz.storage.public-base-url") Optional<String> publicBaseUrl,
                             @ConfigProperty(name = "lokiz.storage.s3.multipart-threshold-mb", defaultValue = "16") long thresholdMb,
                             @ConfigProperty(name = "lokiz.storage.s3.part-size-mb", defaultValue = "8") long partMb,
                             @ConfigProperty(name = "lokiz.storage.s3.create-bucket", defaultValue = "false") boolean createBucket,
                             Tickets tickets) {
        Duration lifetime = Duration.ofSeconds(urlTtlSeconds);
        this.mediaUrls = new MediaUrls(publicUrl, tickets, lifetime);
        Path data = Path.of(dataDir);
        this.storage = switch (kind.trim().toLowerCase(java.util.Locale.ROOT)) {
            // Several nodes may share one storage directory (a mount) while each keeps its own scratch files.
            case "filesystem" -> new FileSystemStorage(storageDir.map(Path::of).orElse(data.resolve("storage")), mediaUrls);
            case "s3" -> new S3Storage(new S3Settings(uri(endpoint), uri(presignEndpoint), region,
                    bucket.orElse(null), pathStyle, accessKey.orElse(null), secretKey.orElse(null),
                    publicBaseUrl.filter(s -> !s.isBlank()), lifetime, thresholdMb << 20, partMb << 20, createBucket),
                    mediaUrls, data.resolve("tmp"));
            default -> throw new IllegalArgumentException("lokiz.storage.kind must be filesystem or s3, not " + kind);
        };
        LOG.info("storage: " + storage.getClass().getSimpleName());
    }

    private static Optional<URI> uri(Optional<String> configured) {
        return configured.filter(s -> !s.isBlank()).map(URI::create);
    }

    protected ConfiguredStorage() {
        this.mediaUrls = null;
        this.storage = null;
    }

    /** The one store of this node, itself rather than a proxy (dependent scope of a single instance). */
    @Produces
    Storage storage() {
        return storage;
    }

    /** Made at start-up, so that a wrong setting fails the start. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine("storage ready: " + storage.getClass().getSimpleName());
    }

    @Produces
    MediaUrls mediaUrls() {
        return mediaUrls;
    }

    @PreDestroy
    void close() throws Exception {
        if (storage instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
