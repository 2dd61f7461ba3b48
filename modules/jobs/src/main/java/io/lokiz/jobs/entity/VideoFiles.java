package io.lokiz.jobs.entity;

/** The stored keys of a video's files and the MP4's facts; {@code webmKey} and {@code hlsKey} may be null. */
public record VideoFiles(String mp4Key, String webmKey, String hlsKey, String thumbnailKey,
                         double duration, long size, int width, int height) {
}
