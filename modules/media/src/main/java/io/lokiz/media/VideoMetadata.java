package io.lokiz.media;

/** What a finished video file is: duration in seconds, size in bytes, frame size, video codec. */
public record VideoMetadata(double duration, long size, int width, int height, String codec) {
}
