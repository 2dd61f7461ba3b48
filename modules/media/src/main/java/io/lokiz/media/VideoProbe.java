package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import ws.schild.jave.EncoderException;
import ws.schild.jave.MultimediaObject;
import ws.schild.jave.info.MultimediaInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Judges uploaded videos before anything else happens to them, and takes pictures out of them.
 * A header can claim anything (six hours, a picture that is not there), so a video is accepted
 * only once it has been decoded through to the end its header promises.
 */
@ApplicationScoped
public class VideoProbe {

    /** The containers we take: ffmpeg's names for MP4/MOV and Matroska/WebM. */
    private static final Set<String> CONTAINERS = Set.of("mov", "mp4", "webm", "matroska");
    /** How much shorter than its header a decode may end: the last frame's own length, and then some. */
    private static final double SLACK_SECONDS = 0.5;
    private static final Duration DECODE_LIMIT = Duration.ofSeconds(90);

    private final Ffmpeg ffmpeg;

    public VideoProbe() {
        this(new Ffmpeg());
    }

    VideoProbe(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The facts of a video at most {@code maxSeconds} long, or why it is not one we take. */
    public VideoFacts probe(Path file, double maxSeconds) throws UnusableVideo {
        MultimediaInfo info;
        try {
            info = new MultimediaObject(file.toFile()).getInfo();
        } catch (EncoderException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("moov atom not found") || message.contains("EBML header parsing failed")) {
                throw new UnusableVideo(UnusableVideo.Reason.DAMAGED, "The video file is incomplete or damaged: its index is missing");
            }
            throw new UnusableVideo(UnusableVideo.Reason.NOT_A_VIDEO, "The file is not a video we can read (MP4, MOV or WebM)");
        }
        String format = String.valueOf(info.getFormat());
        if (List.of(format.split(",")).stream().noneMatch(CONTAINERS::contains)) {
            throw new UnusableVideo(UnusableVideo.Reason.NOT_A_VIDEO, "The file is " + format + ", not an MP4, MOV or WebM video");
        }
        if (info.getVideo() == null || info.getVideo().getSize() == null) {
            throw new UnusableVideo(UnusableVideo.Reason.NO_PICTURE, "The file has no picture, only sound; upload a video");
        }
        double claimed = info.getDuration() / 1000.0;
        if (claimed > maxSeconds) {
            throw new UnusableVideo(UnusableVideo.Reason.TOO_LONG, String.format(Locale.ROOT,
                    "The video is %.1f s long; videos may be at most %.0f s", claimed, maxSeconds));
        }
        double decoded = decodedSeconds(file);
        if (claimed <= 0 || decoded < claimed - SLACK_SECONDS) {
            throw new UnusableVideo(UnusableVideo.Reason.DAMAGED, String.format(Locale.ROOT,
                    "The video file is incomplete or damaged: it plays %.1f s of the %.1f s it announces", decoded, claimed));
        }
        int rotation = Math.floorMod(rotation(info), 360);
        int width = info.getVideo().getSize().getWidth();
        int height = info.getVideo().getSize().getHeight();
        boolean turned = rotation == 90 || rotation == 270;
        return new VideoFacts(format, claimed, turned ? height : width, turned ? width : height, rotation,
                info.getVideo().getDecoder(), info.getAudio() == null ? null : info.getAudio().getDecoder());
    }

    /** A media file's duration in seconds, read from its header (tracks and videos alike). */
    public double duration(Path media) {
        try {
            return new MultimediaObject(media.toFile()).getInfo().getDuration() / 1000.0;
        } catch (EncoderException e) {
            throw new MediaException("cannot read " + media.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the frame shown at {@code seconds} (the last frame that starts at or before it,
     * rotation applied) to {@code output}, whose extension picks the format ({@code .png}: lossless).
     * Decoding starts a second early so that the seek lands exactly, whatever the keyframes.
     */
    public void frameAt(Path video, double seconds, Path output) {
        double lead = Math.min(1.0, seconds);
        String window = String.format(Locale.ROOT, "%.6f", lead + 0.0001); // timestamps are rounded to the stream's time base
        ffmpeg.run(List.of(
                "-ss", String.format(Locale.ROOT, "%.6f", seconds - lead),
                "-t", String.format(Locale.ROOT, "%.6f", lead + 0.5),
                "-i", video.toString(),
                "-map", "0:v:0", "-vf", "select='lte(t\\," + window + ")'", "-vsync", "0",
                "-q:v", "2", "-update", "1", output.toString()), DECODE_LIMIT, s -> { });
    }

    /** A JPEG still for lists and players: the frame a second in (or halfway, for shorter clips), at most 1280 wide. */
    public void poster(Path video, double duration, Path output) {
        ffmpeg.run(List.of("-ss", String.format(Locale.ROOT, "%.3f", Math.min(1.0, duration / 2)), "-i", video.toString(),
                "-map", "0:v:0", "-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "3", output.toString()),
                DECODE_LIMIT, s -> { });
    }

    /** The clockwise turn a player applies: the stream's {@code rotate} tag (JAVE's own field misses it in MOV/MP4). */
    private static int rotation(MultimediaInfo info) {
        String tag = info.getVideo().getMetadata() == null ? null : info.getVideo().getMetadata().get("rotate");
        try {
            int turn = tag == null ? info.getRotate() : (int) Math.round(Double.parseDouble(tag.trim()));
            return turn % 90 == 0 ? turn : 0; // a player turns by quarter turns only
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** How far the picture actually decodes, in seconds. */
    private double decodedSeconds(Path file) throws UnusableVideo {
        var last = new AtomicReference<>(0.0);
        try {
            ffmpeg.run(List.of("-i", file.toString(), "-map", "0:v:0", "-f", "null", "-"), DECODE_LIMIT, last::set);
        } catch (MediaException e) {
            throw new UnusableVideo(UnusableVideo.Reason.DAMAGED, "The video file is damaged: its picture cannot be decoded");
        }
        return last.get();
    }
}
