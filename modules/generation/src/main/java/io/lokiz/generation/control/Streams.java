package io.lokiz.generation.control;

import io.lokiz.media.FrameSize;
import io.lokiz.media.VideoEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** REQ-E-004: which of a finished video's files a player should load for the quality it asks. */
@ApplicationScoped
public class Streams {

    private final VideoStore store;

    @Inject
    public Streams(VideoStore store) {
        this.store = store;
    }

    protected Streams() {
        this(null);
    }

    /** What a player may ask for: {@code auto}, or a short side in pixels ({@code 720p}). */
    public record Quality(int shortSide) {

        public static final Quality AUTO = new Quality(0);
        private static final List<Integer> NAMED = List.of(1080, 720, 480);

        public static Optional<Quality> parse(String name) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (n.equals("auto")) {
                return Optional.of(AUTO);
            }
            return NAMED.stream().filter(side -> n.equals(side + "p")).findFirst().map(Quality::new);
        }
    }

    /** One way to play the video: an HLS playlist (the master is {@code auto}), the MP4 or the WebM. */
    @Schema(name = "StreamOption")
    public record Option(String quality, String type, String url, Integer width, Integer height) {
    }

    /** The chosen way to play, and every other. URLs are made now and expire. */
    @Schema(name = "StreamAnswer")
    public record Answer(String url, String type, String quality, Integer width, Integer height, List<Option> alternatives) {
    }

    /** The best of {@code video}'s files for {@code asked}, and the rest. */
    public Answer choose(VideoFiles video, Quality asked) {
        var options = new ArrayList<Option>();
        Option mp4 = new Option(quality(video.width(), video.height()), "mp4", store.publicUrl(video.mp4()), video.width(), video.height());
        Option chosen = mp4;
        if (video.hls() != null) {
            Option master = new Option("auto", "hls", store.publicUrl(video.hls()), null, null);
            options.add(master);
            List<FrameSize> sizes = VideoEncoder.hlsRenditions(new FrameSize(video.width(), video.height()));
            String folder = video.hls().substring(0, video.hls().lastIndexOf('/') + 1);
            var renditions = new ArrayList<Option>();
            for (int i = 0; i < sizes.size(); i++) {
                FrameSize size = sizes.get(i);
                renditions.add(new Option(quality(size.width(), size.height()), "hls", store.publicUrl(folder + "stream_" + i + ".m3u8"),
                        size.width(), size.height()));
            }
            options.addAll(renditions);
            chosen = asked.equals(Quality.AUTO) ? master : nearest(renditions, asked);
        }
        options.add(mp4);
        if (video.webm() != null) {
            options.add(new Option(mp4.quality(), "webm", store.publicUrl(video.webm()), video.width(), video.height()));
        }
        Option best = chosen;
        return new Answer(best.url(), best.type(), best.quality(), best.width(), best.height(),
                options.stream().filter(o -> o != best).toList());
    }

    /** The option whose short side is nearest the asked one; of two as near, the smaller (it loads sooner). */
    private static Option nearest(List<Option> options, Quality asked) {
        return options.stream()
                .min(Comparator.<Option>comparingInt(o -> Math.abs(Math.min(o.width(), o.height()) - asked.shortSide()))
                        .thenComparingInt(o -> Math.min(o.width(), o.height())))
                .orElseThrow();
    }

    private static String quality(int width, int height) {
        return Math.min(width, height) + "p";
    }
}
