package io.lokiz.storage.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {

    @Test
    void answersTheWholeResourceWithoutARangeHeader() {
        assertThat(ByteRange.parse(null, 100)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void servesAnExplicitRangeInclusively() {
        var request = ByteRange.parse("bytes=10-19", 100);
        assertThat(request).isEqualTo(new ByteRange.Part(new ByteRange(10, 19)));
        assertThat(((ByteRange.Part) request).range().length()).isEqualTo(10);
        assertThat(((ByteRange.Part) request).range().contentRange(100)).isEqualTo("bytes 10-19/100");
    }

    @Test
    void servesAnOpenEndedRangeToTheEnd() {
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
    }

    @Test
    void servesASuffixRangeAsTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange.Part(new ByteRange(95, 99)));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 99)));
    }

    @Test
    void clampsAnEndBeyondTheResource() {
        assertThat(ByteRange.parse("bytes=50-5000", 100)).isEqualTo(new ByteRange.Part(new ByteRange(50, 99)));
    }

    @Test
    void refusesARangeThatStartsPastTheEnd() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void ignoresRangesItDoesNotServe() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("items=0-1", 100)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=20-10", 100)).isInstanceOf(ByteRange.Whole.class);
    }
}
