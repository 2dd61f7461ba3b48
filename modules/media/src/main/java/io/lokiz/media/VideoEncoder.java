package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import ws.schild.jave.EncoderException;
import ws.schild.jave.MultimediaObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Turns a generated clip into the deliverables: an H.264 MP4 (yuv420p, High profile, fixed 1 s
 * GOP, faststart; AAC sound when the clip has sound) of the exact duration and frame size asked for, optionally a VP9 WebM from the
 * same decode, optionally HLS cut from the MP4 by stream copy, and a JPEG thumbnail.
 */
@ApplicationScoped
public class VideoEncoder {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String MP4 = "video.mp4";
    private static final String WEBM = "video.webm";
    private static final String THUMBNAIL = "thumbnail.jpg";
    private static final String HLS = "hls";

    private final Ffmpeg ffmpeg;

    public VideoEncoder() {
        this(new Ffmpeg());
    }

    VideoEncoder(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Encodes {@code source} into {@code outputDir}; {@code percent} hears 0–100 as the main encode advances. */
    public EncodedVideo encode(Path source, EncodeSpec spec, Path outputDir, IntConsumer percent) {
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path mp4 = outputDir.resolve(MP4);
        Path webm = outputDir.resolve(WEBM);
        Path thumbnail = outputDir.resolve(THUMBNAIL);
        Path hls = outputDir.resolve(HLS);

        ffmpeg.run(mainEncode(source, spec, mp4, webm), LIMIT,
                seconds -> percent.accept((int) Math.min(100, seconds * 100 / spec.seconds())));
        ffmpeg.run(List.of("-ss", Double.toString(Math.min(1.0, spec.seconds() / 2.0)), "-i", mp4.toString(),
                "-frames:v", "1", "-q:v", "3", thumbnail.toString()), LIMIT, s -> { });
        if (spec.hls()) {
            packageHls(mp4, hls);
        }
        return new EncodedVideo(mp4, thumbnail, spec.webm() ? Optional.of(webm) : Optional.empty(),
                spec.hls() ? Optional.of(hls) : Optional.empty(), inspect(mp4));
    }

    /**
     * What an earlier {@link #encode} left in {@code outputDir}, read back (a later step, perhaps
     * after a restart); empty when the encode did not finish there.
     */
    public Optional<EncodedVideo> encoded(Path outputDir) {
        Path mp4 = outputDir.resolve(MP4);
        Path thumbnail = outputDir.resolve(THUMBNAIL);
        if (!Files.isRegularFile(mp4) || !Files.isRegularFile(thumbnail)) {
            return Optional.empty();
        }
        Path webm = outputDir.resolve(WEBM);
        Path hls = outputDir.resolve(HLS);
        return Optional.of(new EncodedVideo(mp4, thumbnail, Optional.of(webm).filter(Files::isRegularFile),
                Optional.of(hls).filter(dir -> Files.isRegularFile(dir.resolve(EncodedVideo.HLS_PLAYLIST))), inspect(mp4)));
    }

    /** Reads a video file's duration, frame size and codec. */
    public VideoMetadata inspect(Path video) {
        try {
            var info = new MultimediaObject(video.toFile()).getInfo();
            var v = info.getVideo();
            if (v == null) {
                throw new MediaException("no video stream in " + video.getFileName());
            }
            return new VideoMetadata(info.getDuration() / 1000.0, Files.size(video),
                    v.getSize().getWidth(), v.getSize().getHeight(), v.getDecoder());
        } catch (EncoderException e) {
            throw new MediaException("cannot read " + video.getFileName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> mainEncode(Path source, EncodeSpec spec, Path mp4, Path webm) {
        var size = spec.size();
        // Fit without stretching, pad to the frame, conform the frame rate, and hold the last
        // frame when a provider's clip is shorter than asked for.
        String graph = "[0:v]scale=" + size.width() + ":" + size.height() + ":force_original_aspect_ratio=decrease,"
                + "pad=" + size.width() + ":" + size.height() + ":(ow-iw)/2:(oh-ih)/2,setsar=1,fps=" + spec.fps() + ","
                + "tpad=stop_mode=clone:stop_duration=" + spec.seconds() + ",format=yuv420p"
                + (spec.webm() ? ",split=2[mp4][webm]" : "[mp4]");
        String gop = Integer.toString(spec.fps()); // one keyframe a second: HLS segments cut cleanly, seeks land fast
        String duration = Integer.toString(spec.seconds());
        // The clip's sound, when it has some (a glitch keeps its template's), goes along; "?" makes it optional.
        var args = new ArrayList<>(List.of("-i", source.toString(), "-filter_complex", graph,
                "-map", "[mp4]", "-map", "0:a:0?", "-t", duration, "-c:a", "aac", "-b:a", "128k",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-b:v", spec.bitrateKbps() + "k", "-maxrate", spec.bitrateKbps() * 3 / 2 + "k", "-bufsize", spec.bitrateKbps() * 2 + "k",
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-movflags", "+faststart", mp4.toString()));
        if (spec.webm()) {
            // Realtime VP9: default VP9 settings take three times longer for little visible gain here.
            args.addAll(List.of("-map", "[webm]", "-map", "0:a:0?", "-t", duration, "-c:a", "libopus", "-b:a", "96k",
                    "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
                    "-b:v", spec.bitrateKbps() * 3 / 4 + "k", "-g", gop, webm.toString()));
        }
        return args;
    }

    private void packageHls(Path mp4, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ffmpeg.run(List.of("-i", mp4.toString(), "-c", "copy", "-f", "hls", "-hls_time", "2",
                "-hls_playlist_type", "vod", "-hls_segment_filename", dir.resolve("segment_%03d.ts").toString(),
                dir.resolve(EncodedVideo.HLS_PLAYLIST).toString()), LIMIT, s -> { });
    }
}
