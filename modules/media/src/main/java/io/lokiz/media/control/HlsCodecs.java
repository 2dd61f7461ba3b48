package io.lokiz.media.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Completes the {@code CODECS} attribute of an fMP4 master playlist. ffmpeg 4.4 names the codec of an H.264 rendition
 * only when its parameter sets are in Annex B form, which a stream copied from an MP4 (the ladder's top rung) never
 * is in fMP4; without {@code CODECS} a player must fetch a segment before it knows whether it can play the rendition.
 * The attribute is read where the player would find it: the {@code avcC} box of the rendition's init segment.
 */
public final class HlsCodecs {

    private static final byte[] AVCC = "avcC".getBytes(StandardCharsets.US_ASCII);

    private HlsCodecs() {
    }

    /** Adds {@code CODECS} to every variant of {@code master} that lacks it; {@code audio}: the variants carry AAC-LC too. */
    public static void complete(Path master, boolean audio) {
        try {
            List<String> lines = Files.readAllLines(master);
            var done = new ArrayList<String>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("#EXT-X-STREAM-INF:") && !line.contains("CODECS=") && i + 1 < lines.size()) {
                    String playlist = lines.get(i + 1).trim();
                    Path init = master.resolveSibling(playlist.replaceFirst("^stream_(\\d+)\\.m3u8$", "init_$1.mp4"));
                    Optional<String> video = Files.isRegularFile(init) ? avc(Files.readAllBytes(init)) : Optional.empty();
                    if (video.isPresent()) {
                        line += ",CODECS=\"" + video.get() + (audio ? ",mp4a.40.2" : "") + "\"";
                    }
                }
                done.add(line);
            }
            Files.write(master, done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 6381's name of an H.264 stream, {@code avc1.PPCCLL}: profile, constraint flags and level from its avcC box. */
    static Optional<String> avc(byte[] init) {
        for (int at = 0; at + AVCC.length + 4 <= init.length; at++) {
            if (init[at] == AVCC[0] && init[at + 1] == AVCC[1] && init[at + 2] == AVCC[2] && init[at + 3] == AVCC[3]) {
                int config = at + AVCC.length; // configurationVersion (1), then the three bytes
                if (init[config] != 1) {
                    return Optional.empty();
                }
                return Optional.of("avc1." + HexFormat.of().formatHex(init, config + 1, config + 4));
            }
        }
        return Optional.empty();
    }
}
