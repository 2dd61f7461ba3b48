package io.lokiz.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.NoSuchElementException;

/** The configured provider ({@code lokiz.provider}, default {@code local}) and lookup by recorded name. */
@ApplicationScoped
public class VideoProviders {

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
        return named(ConfigProvider.getConfig().getOptionalValue("lokiz.providers.route." + jobType, String.class).orElse(fallback));
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
