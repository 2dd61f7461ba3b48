package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import io.lokiz.media.control.HlsCodecs;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Turns a generated clip into the deliverables: an H.264 MP4 (yuv420p, High profile, fixed 1 s
 * GOP, faststart; AAC sound when the clip has sound) of the exact duration and frame size asked for, optionally a VP9 WebM from the
 * same decode, optionally an adaptive HLS ladder (the MP4 itself plus lower rungs), and a JPEG thumbnail.
 */
@ApplicationScoped
public class VideoEncoder {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String MP4 = "video.mp4";
    private static final String WEBM = "video.webm";
    private static final String THUMBNAIL = "thumbnail.jpg";
    private static final String HLS = "hls";
    /** The short sides of the HLS ladder's lower rungs, and their video bitrates. */
    private static final List<Integer> LADDER = List.of(1080, 720, 480);
    private static final Map<Integer, Integer> RUNG_KBPS = Map.of(1080, 4500, 720, 2000, 480, 1000);

    private final Ffmpeg ffmpeg;

    public VideoEncoder() {
        this(new Ffmpeg());
    }

    VideoEncoder(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Encodes {@code source} into {@code outputDir}; {@code percent} hears 0–100 as the main encode advances. */
    public EncodedVideo encode(Path source, EncodeSpec spec, Path outputDir, IntConsumer percent) {
        return encode(source, spec, null, outputDir, percent);
    }

    /**
     * Encodes {@code source} framed by {@code branding} (null: none): intro, video, outro joined in
     * one encode, the watermark over all of it; the result is as long as its parts together.
     */
    public EncodedVideo encode(Path source, EncodeSpec spec, Branding branding, Path outputDir, IntConsumer percent) {
        List<List<String>> runs = plan(source, spec, branding, outputDir);
        try {
            Files.createDirectories(outputDir.resolve(HLS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double total = spec.seconds() + (branding == null ? 0 : branding.addedSeconds());
        ffmpeg.run(runs.get(0), LIMIT, seconds -> percent.accept((int) Math.min(100, seconds * 100 / total)));
        for (List<String> run : runs.subList(1, runs.size())) {
            ffmpeg.run(run, LIMIT, s -> { });
        }
        Path mp4 = outputDir.resolve(MP4);
        if (spec.hls()) {
            HlsCodecs.complete(outputDir.resolve(HLS).resolve(EncodedVideo.HLS_PLAYLIST), hasAudio(mp4));
        }
        return new EncodedVideo(mp4, outputDir.resolve(THUMBNAIL), spec.webm() ? Optional.of(outputDir.resolve(WEBM)) : Optional.empty(),
                spec.hls() ? Optional.of(outputDir.resolve(HLS)) : Optional.empty(), inspect(mp4));
    }

    /**
     * The ffmpeg runs an encode makes, in order: the main encode (MP4, and WebM from the same
     * decode), the thumbnail, the HLS ladder. Public for the benchmark, which times them bare.
     */
    public List<List<String>> plan(Path source, EncodeSpec spec, Branding branding, Path outputDir) {
        Path mp4 = outputDir.resolve(MP4);
        boolean clipSound = hasAudio(source);
        boolean sound = branding != null || clipSound; // a branded video always has sound: silence where a part has none
        var runs = new ArrayList<List<String>>();
        runs.add(mainEncode(source, spec, branding, clipSound, mp4, outputDir.resolve(WEBM)));
        // The thumbnail shows the video itself, not the intro.
        double still = (branding == null || branding.intro() == null ? 0 : branding.intro().seconds()) + Math.min(1.0, spec.seconds() / 2.0);
        runs.add(List.of("-ss", String.format(Locale.ROOT, "%.3f", still), "-i", mp4.toString(),
                "-frames:v", "1", "-q:v", "3", outputDir.resolve(THUMBNAIL).toString()));
        if (spec.hls()) {
            runs.add(hlsLadder(mp4, spec, sound, outputDir.resolve(HLS)));
        }
        return runs;
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

    /**
     * A brand clip made ready to join, once, when it is uploaded: H.264 (at most 1080 lines) and
     * stereo 48 kHz AAC, so that joining it to every job's video decodes one known format.
     */
    public void mezzanine(Path clip, Path output) {
        ffmpeg.run(List.of("-i", clip.toString(), "-map", "0:v:0", "-map", "0:a:0?",
                "-vf", "scale='min(1920,iw)':'min(1080,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-c:a", "aac", "-ar", "48000", "-ac", "2",
                "-threads", ffmpeg.threads(), "-movflags", "+faststart", output.toString()), LIMIT, s -> { });
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

    private List<String> mainEncode(Path source, EncodeSpec spec, Branding branding, boolean clipSound, Path mp4, Path webm) {
        var size = spec.size();
        String frame = "scale=" + size.width() + ":" + size.height() + ":force_original_aspect_ratio=decrease,"
                + "pad=" + size.width() + ":" + size.height() + ":(ow-iw)/2:(oh-ih)/2,setsar=1,fps=" + spec.fps() + ",format=yuv420p";
        var inputs = new ArrayList<>(List.of("-i", source.toString()));
        var graph = new StringBuilder();
        // Fit without stretching, pad to the frame, conform the frame rate, and hold the last
        // frame when a provider's clip is shorter than asked for.
        graph.append("[0:v]").append(frame).append(",tpad=stop_mode=clone:stop_duration=").append(spec.seconds())
                .append(",trim=duration=").append(spec.seconds()).append("[clipv]");
        String video = "[clipv]";
        String audio = "0:a:0?";
        double total = spec.seconds();
        if (branding != null) {
            // One encode for all parts: one codec setting throughout, and sound in step (silence
            // where a part has none), so the parts' lengths add up exactly.
            graph.append(';').append(clipSound ? "[0:a]" : "anullsrc=r=48000:cl=stereo,").append(sound(spec.seconds())).append("[clipa]");
            var parts = new StringBuilder();
            int n = 0;
            int index = 1;
            Branding.Part[] order = {branding.intro(), null, branding.outro()}; // the middle slot is the clip itself
            for (int k = 0; k < order.length; k++) {
                if (k == 1) {
                    parts.append("[clipv][clipa]");
                    n++;
                    continue;
                }
                Branding.Part part = order[k];
                if (part == null) {
                    continue;
                }
                inputs.addAll(List.of("-i", part.clip().toString()));
                String label = "p" + index;
                graph.append(";[").append(index).append(":v]").append(frame).append(",trim=duration=")
                        .append(String.format(Locale.ROOT, "%.3f", part.seconds())).append('[').append(label).append("v]");
                graph.append(';').append(part.hasAudio() ? "[" + index + ":a]" : "anullsrc=r=48000:cl=stereo,")
                        .append(sound(part.seconds())).append('[').append(label).append("a]");
                parts.append('[').append(label).append("v][").append(label).append("a]");
                index++;
                n++;
            }
            graph.append(';').append(parts).append("concat=n=").append(n).append(":v=1:a=1[joinedv][joineda]");
            video = "[joinedv]";
            audio = "[joineda]";
            total += branding.addedSeconds();
            if (branding.watermark() != null) {
                inputs.addAll(List.of("-i", branding.watermark().toString()));
                graph.append(";[").append(index).append(":v]scale=w='min(iw,").append(Math.min(size.width(), size.height()) / 5)
                        .append(")':h=-1,format=rgba[mark];").append(video).append("[mark]overlay=")
                        .append(branding.corner().overlay()).append(":format=auto,format=yuv420p[markedv]");
                video = "[markedv]";
            }
        }
        if (spec.aiLabel() != null) {
            // The second layer, over the brand's: "AI-generated", a quarter of the short side wide.
            int input = (int) inputs.stream().filter("-i"::equals).count();
            inputs.addAll(List.of("-i", AiLabel.file().toString()));
            graph.append(";[").append(input).append(":v]scale=w=").append(Math.min(size.width(), size.height()) / 4)
                    .append(":h=-1,format=rgba[ailabel];").append(video).append("[ailabel]overlay=")
                    .append(spec.aiLabel().overlay()).append(":format=auto,format=yuv420p[labelledv]");
            video = "[labelledv]";
        }
        graph.append(';').append(video).append(spec.webm() ? "split=2[mp4][webm]" : "null[mp4]");
        String webmAudio = audio;
        if (audio.startsWith("[") && spec.webm()) { // a filter's output feeds one output only
            graph.append(';').append(audio).append("asplit=2[mp4a][webma]");
            audio = "[mp4a]";
            webmAudio = "[webma]";
        }
        String gop = Integer.toString(spec.fps()); // one keyframe a second: HLS segments cut cleanly, seeks land fast
        String duration = String.format(Locale.ROOT, "%.3f", total);
        // The clip's sound, when it has some (a glitch keeps its template's), goes along; "?" makes it optional.
        var args = new ArrayList<>(inputs);
        args.addAll(List.of("-filter_complex", graph.toString(),
                "-map", "[mp4]", "-map", audio, "-t", duration, "-c:a", "aac", "-b:a", "128k",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p", "-threads", ffmpeg.threads(),
                "-b:v", spec.bitrateKbps() + "k", "-maxrate", spec.bitrateKbps() * 3 / 2 + "k", "-bufsize", spec.bitrateKbps() * 2 + "k",
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-movflags", "+faststart", mp4.toString()));
        if (spec.webm()) {
            // Realtime VP9: default VP9 settings take three times longer for little visible gain here.
            args.addAll(List.of("-map", "[webm]", "-map", webmAudio, "-t", duration, "-c:a", "libopus", "-b:a", "96k",
                    "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1", "-threads", ffmpeg.threads(),
                    "-b:v", spec.bitrateKbps() * 3 / 4 + "k", "-g", gop, webm.toString()));
        }
        return args;
    }

    /** A part's sound made exactly {@code seconds} long, in one format for the join. */
    private static String sound(double seconds) {
        return String.format(Locale.ROOT, "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=duration=%.3f", seconds);
    }

    /**
     * The frame sizes of an HLS ladder over a video of {@code source}'s size, in the order of its
     * streams: {@code stream_0.m3u8} is the source itself, then each lower rung of 1080p, 720p
     * and 480p.
     */
    public static List<FrameSize> hlsRenditions(FrameSize source) {
        int shortSide = Math.min(source.width(), source.height());
        var sizes = new ArrayList<FrameSize>(List.of(source));
        LADDER.stream().filter(side -> side < shortSide)
                .forEach(side -> sizes.add(FrameSize.forImage(side, source.width(), source.height())));
        return List.copyOf(sizes);
    }

    /**
     * The adaptive ladder: the MP4 itself (stream copy) plus each lower rung of 1080p, 720p and
     * 480p (never above the source), in one ffmpeg run, with a master playlist naming each
     * rendition's bandwidth, resolution and codecs. Every rendition has the MP4's one-second GOP
     * without scene cuts, so its 2 s segments start on keyframes and align across renditions.
     */
    private List<String> hlsLadder(Path mp4, EncodeSpec spec, boolean audio, Path dir) {
        FrameSize source = spec.size();
        List<FrameSize> renditions = hlsRenditions(source);
        List<FrameSize> lower = renditions.subList(1, renditions.size());
        String gop = Integer.toString(spec.fps());
        var args = new ArrayList<>(List.of("-i", mp4.toString()));
        if (!lower.isEmpty()) {
            var graph = new StringBuilder("[0:v]split=" + lower.size());
            for (int i = 0; i < lower.size(); i++) {
                graph.append("[s").append(i).append(']');
            }
            for (int i = 0; i < lower.size(); i++) {
                FrameSize rung = lower.get(i);
                graph.append(";[s").append(i).append("]scale=").append(rung.width()).append(':').append(rung.height())
                        .append(",setsar=1[r").append(i).append(']');
            }
            args.addAll(List.of("-filter_complex", graph.toString()));
        }
        var streams = new StringBuilder();
        args.addAll(List.of("-map", "0:v:0"));
        if (audio) {
            args.addAll(List.of("-map", "0:a:0"));
        }
        streams.append(audio ? "v:0,a:0" : "v:0");
        args.addAll(List.of("-c:v:0", "copy")); // its CODECS come from its init segment: HlsCodecs
        for (int i = 0; i < lower.size(); i++) {
            int out = i + 1;
            int kbps = RUNG_KBPS.get(Math.min(lower.get(i).width(), lower.get(i).height()));
            args.addAll(List.of("-map", "[r" + i + "]"));
            if (audio) {
                args.addAll(List.of("-map", "0:a:0"));
            }
            args.addAll(List.of("-c:v:" + out, "libx264", "-preset:v:" + out, "veryfast", "-profile:v:" + out, "high",
                    "-b:v:" + out, kbps + "k", "-maxrate:v:" + out, kbps * 3 / 2 + "k", "-bufsize:v:" + out, kbps * 2 + "k",
                    "-g:v:" + out, gop, "-keyint_min:v:" + out, gop, "-sc_threshold:v:" + out, "0",
                    "-threads:v:" + out, ffmpeg.threads()));
            streams.append(' ').append(audio ? "v:" + out + ",a:" + out : "v:" + out);
        }
        if (audio) {
            args.addAll(List.of("-c:a", "copy"));
        }
        // fMP4 (CMAF) segments: a browser's Media Source takes them as they are, where MPEG-TS must first be transmuxed
        // by the player. ffmpeg 4.4 fills %v in the init segment's name only when there are several variants.
        args.addAll(List.of("-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", lower.isEmpty() ? "init_0.mp4" : "init_%v.mp4",
                "-var_stream_map", streams.toString(), "-master_pl_name", EncodedVideo.HLS_PLAYLIST,
                "-hls_segment_filename", dir.resolve("stream_%v_%03d.m4s").toString(), dir.resolve("stream_%v.m3u8").toString()));
        return args;
    }

    /** Whether the file has sound; false also when it cannot be read (the encode then says why). */
    private static boolean hasAudio(Path video) {
        try {
            return new MultimediaObject(video.toFile()).getInfo().getAudio() != null;
        } catch (EncoderException e) {
            return false;
        }
    }
}
