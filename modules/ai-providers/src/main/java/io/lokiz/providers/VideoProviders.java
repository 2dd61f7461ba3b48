package io.lokiz.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;

/** The configured provider ({@code lokiz.provider}, default {@code local}) and lookup by recorded name. */
@ApplicationScoped
public class VideoProviders {

    private static final String ROUTE = "lokiz.providers.route.";

    private final Instance<VideoProvider> providers;
    private final String configured;

    @Inject
    public VideoProviders(@Any Instance<VideoProvider> providers,
                          @ConfigProperty(name = "lokiz.provider", defaultValue = "local") String configured) {
        this.providers = providers;
        this.configured = configured;
    }

    protected VideoProviders() {
        this.providers = null;
        this.configured = null;
    }

    /** The provider new image-to-video previews go to. */
    public VideoProvider current() {
        return named(configured);
    }

    /**
     * The provider new jobs of {@code jobType} go to: {@code lokiz.providers.route.<type>} when
     * set; else {@code lokiz.provider} for previews and the local provider for the plan's job
     * types, which only it (and Replicate, when it comes) can make.
     */
    public VideoProvider forType(String jobType) {
        String fallback = jobType.equals("video_preview") ? configured : "local";
        return named(ConfigProvider.getConfig().getOptionalValue(ROUTE + jobType, String.class).orElse(fallback));
    }

    /**
     * Checks every route at start-up: a route to a provider that does not exist, or lacks its key,
     * stops the start with one line naming the setting, instead of failing the first paying job.
     */
    void checkRoutes(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Config config = ConfigProvider.getConfig();
        var routes = new TreeMap<String, String>();
        routes.put("lokiz.provider", configured);
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(ROUTE)) {
                routes.put(key, config.getValue(key, String.class));
            }
        }
        var names = new TreeSet<String>();
        providers.forEach(p -> names.add(p.name()));
        routes.forEach((key, name) -> {
            VideoProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(key + "=" + name + " names no provider; there are " + names));
            if (!provider.configured()) {
                throw new IllegalStateException(key + "=" + name + ", but " + name + " has no key: set " + provider.keySetting());
            }
        });
    }

    /** The provider a job was submitted to; a job keeps its provider across retries and restarts. */
    public VideoProvider named(String name) {
        for (VideoProvider p : providers) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new NoSuchElementException("no video provider named " + name);
    }
}
