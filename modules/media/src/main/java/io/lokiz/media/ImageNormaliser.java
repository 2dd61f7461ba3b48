package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes an upload into the still every job can trust, at upload time, so that no job ever starts
 * from a broken picture: the header is judged first (format, pixel count) without decoding; then
 * the whole picture is decoded by ffmpeg (in its own process: a hostile file costs the JVM no
 * memory) with every decoding error fatal; the camera's EXIF orientation is applied; metadata
 * (GPS included) is left behind; colours in an embedded profile are converted to sRGB
 * ({@link ColourProfile}); animated images give their first frame; and the result is written
 * anew as JPEG (for JPEG input) or PNG (for everything else, losslessly).
 */
@ApplicationScoped
public class ImageNormaliser {

    /** Larger images are refused before decoding: 50 megapixels decode to 200 MB of RGBA. */
    public static final long MAX_PIXELS = 50_000_000L;

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Ffmpeg ffmpeg;

    public ImageNormaliser() {
        this(new Ffmpeg());
    }

    ImageNormaliser(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The normalised picture: its bytes, its format (JPEG or PNG) and its upright size. */
    public record Normalised(byte[] bytes, ImageFormat format, int width, int height) {
    }

    public Normalised normalise(byte[] upload) throws UnusableImage {
        ImageInfo info = ImageProbe.probe(upload).orElseThrow(() -> new UnusableImage(UnusableImage.Reason.NOT_AN_IMAGE,
                "This is not an image we read; send " + ImageFormat.accepted()));
        if ((long) info.width() * info.height() > MAX_PIXELS) {
            throw new UnusableImage(UnusableImage.Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "The image has %d x %d pixels; images may have at most %d megapixels", info.width(), info.height(),
                    MAX_PIXELS / 1_000_000));
        }
        int orientation = ImageProbe.orientation(upload);
        ImageFormat stored = info.format().stored();
        Path work = null;
        try {
            work = Files.createTempDirectory("still");
            Path in = work.resolve("upload." + info.format().extension());
            Path out = work.resolve("still." + stored.extension());
            Files.write(in, upload);
            var args = new ArrayList<String>();
            if (info.format() == ImageFormat.JPEG) {
                // A cut JPEG decodes "successfully" to grey below the cut unless every error is fatal;
                // TIFF's decoder, made that strict, would refuse harmless unknown tags.
                args.addAll(List.of("-err_detect", "explode"));
            }
            args.addAll(List.of("-xerror", "-i", in.toString(), "-map", "0:v:0", "-frames:v", "1", "-map_metadata", "-1"));
            String turn = upright(orientation);
            if (!turn.isEmpty()) {
                args.addAll(List.of("-vf", turn));
            }
            if (stored == ImageFormat.JPEG) {
                args.addAll(List.of("-q:v", "2", "-pix_fmt", "yuvj444p")); // no chroma loss on top of the camera's
            }
            args.add(out.toString());
            try {
                ffmpeg.run(args, LIMIT, s -> { });
            } catch (MediaException e) {
                throw new UnusableImage(UnusableImage.Reason.DAMAGED,
                        "The image is damaged or incomplete: it cannot be decoded to the end");
            }
            byte[] bytes = Files.readAllBytes(out);
            var profile = ColourProfile.embedded(upload, info.format());
            if (profile.isPresent()) {
                bytes = ColourProfile.toSrgb(bytes, stored, profile.get());
            }
            boolean turned = orientation >= 5;
            return new Normalised(bytes, stored, turned ? info.height() : info.width(), turned ? info.width() : info.height());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                deleteQuietly(work);
            }
        }
    }

    /** The filters that turn a picture stored with EXIF orientation {@code o} upright. */
    static String upright(int o) {
        return switch (o) {
            case 2 -> "hflip";
            case 3 -> "hflip,vflip";
            case 4 -> "vflip";
            case 5 -> "transpose=0";
            case 6 -> "transpose=1";
            case 7 -> "transpose=3";
            case 8 -> "transpose=2";
            default -> "";
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a stray temp file is not worth failing an upload for
        }
    }
}
