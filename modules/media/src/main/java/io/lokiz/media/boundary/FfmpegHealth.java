package io.lokiz.media.boundary;

import io.lokiz.media.MediaException;
import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;

/**
 * Ready only when the ffmpeg every job needs runs on this node. It is started once, when first
 * asked, and the answer kept while it is good: the binary does not change under a running server,
 * and a probe every few seconds must not start a process each time.
 */
@Readiness
@ApplicationScoped
public class FfmpegHealth implements HealthCheck {

    private volatile boolean runs;

    @Override
    public HealthCheckResponse call() {
        if (!runs) {
            try {
                new Ffmpeg().run(List.of("-f", "lavfi", "-i", "nullsrc=s=16x16:d=0.1", "-f", "null", "-"), Duration.ofSeconds(10), s -> { });
                runs = true;
            } catch (MediaException | IllegalStateException e) {
                return HealthCheckResponse.named("ffmpeg").down().withData("error", String.valueOf(e.getMessage())).build();
            }
        }
        return HealthCheckResponse.named("ffmpeg").up().build();
    }
}
