package io.lokiz.generation.control;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoSettingsTest {

    @Test
    void defaultsToTheSpecsFourSecond720pMp4At24Fps() {
        assertThat(VideoSettings.DEFAULT).isEqualTo(new VideoSettings(4, "720p", 24, "mp4", false, false));
        assertThat(VideoSettings.DEFAULT.shortSide()).isEqualTo(720);
    }

    @Test
    void namesTheFieldThatIsOutOfRange() {
        assertThatThrownBy(() -> new VideoSettings(11, "720p", 24, "mp4", false, false))
                .isInstanceOfSatisfying(VideoSettings.InvalidSettings.class, e -> assertThat(e.field()).isEqualTo("settings.duration"));
        assertThatThrownBy(() -> new VideoSettings(4, "720p", 60, "mp4", false, false))
                .isInstanceOfSatisfying(VideoSettings.InvalidSettings.class, e -> assertThat(e.field()).isEqualTo("settings.fps"));
        assertThatThrownBy(() -> new VideoSettings(4, "4k", 24, "mp4", false, false))
                .isInstanceOfSatisfying(VideoSettings.InvalidSettings.class, e -> assertThat(e.field()).isEqualTo("settings.resolution"));
        assertThatThrownBy(() -> new VideoSettings(4, "720p", 24, "avi", false, false))
                .isInstanceOfSatisfying(VideoSettings.InvalidSettings.class, e -> assertThat(e.field()).isEqualTo("settings.format"));
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        assertThat(new VideoSettings(3, "1080p", 30, "webm", true, false).shortSide()).isEqualTo(1080);
        assertThat(new VideoSettings(5, "720p", 24, "mp4", false, false).duration()).isEqualTo(5);
    }

    @Test
    void aVideosBitrateIsTwoMbpsUnlessAskedAndOneToFiveWhenAsked() {
        assertThat(VideoSettings.DEFAULT.bitrateKbps()).isEqualTo(2000);
        assertThat(new VideoSettings(4, "1080p", 30, "mp4", false, false).bitrateKbps()).isEqualTo(2000);
        assertThat(new VideoSettings(4, "1080p", 30, "mp4", false, false, 1).bitrateKbps()).isEqualTo(1000);
        assertThat(new VideoSettings(4, "1080p", 30, "mp4", false, false, 4.5).bitrateKbps()).isEqualTo(4500);
        for (double outside : new double[]{0.9, 5.1, Double.NaN}) {
            assertThatThrownBy(() -> new VideoSettings(4, "720p", 24, "mp4", false, false, outside))
                    .isInstanceOfSatisfying(VideoSettings.InvalidSettings.class, e -> assertThat(e.field()).isEqualTo("settings.bitrate"));
        }
    }

    @Test
    void keepsTheBitrateAJobWasAcceptedWith() {
        var asked = new VideoSettings(5, "1080p", 30, "webm", true, true, 3.5);
        assertThat(VideoSettings.of(asked.json())).isEqualTo(asked);
        // recorded before the bitrate was a setting: 1080p was encoded at 4.5 Mbps, 720p at 2
        var before = Json.createObjectBuilder(asked.json()).remove("bitrate").build();
        assertThat(VideoSettings.of(before).bitrateKbps()).isEqualTo(4500);
        var before720 = Json.createObjectBuilder(VideoSettings.DEFAULT.json()).remove("bitrate").build();
        assertThat(VideoSettings.of(before720).bitrateKbps()).isEqualTo(2000);
    }
}
