package io.lokiz.providers;

import io.lokiz.media.FrameSize;

import java.nio.file.Path;

/**
 * One image-to-video request. {@code image} is a local copy (for local rendering), {@code imageUrl}
 * the public URL remote providers fetch; {@code workDir} is this job's scratch directory.
 */
public record GenerationRequest(String jobId, Path image, String imageUrl, FrameSize size, int fps, int seconds,
                                Path workDir) {
}
