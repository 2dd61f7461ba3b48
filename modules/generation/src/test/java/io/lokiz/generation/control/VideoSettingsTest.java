package io.lokiz.generation.control;

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
}
