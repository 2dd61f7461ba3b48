package io.lokiz.storage.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaylistsTest {

    @Test
    void givesEveryRelativeUriItsOwnUrlAndLeavesTagsAndAbsoluteOnesAlone() {
        String master = """
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=720x1280
                stream_0.m3u8
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="audio/stream_a.m3u8"
                https://elsewhere.example/stream_1.m3u8
                ../../etc/passwd
                """;

        String signed = Playlists.absolute(master, "videos/v1/hls/index.m3u8", key -> "https://signed/" + key + "?sig");

        assertThat(signed).isEqualTo("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=720x1280
                https://signed/videos/v1/hls/stream_0.m3u8?sig
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="https://signed/videos/v1/hls/audio/stream_a.m3u8?sig"
                https://elsewhere.example/stream_1.m3u8
                ../../etc/passwd
                """);
    }
}
