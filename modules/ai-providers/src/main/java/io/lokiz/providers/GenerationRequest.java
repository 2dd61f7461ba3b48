package io.lokiz.providers;

import io.lokiz.media.FrameSize;

import java.nio.file.Path;

/**
 * One generation request. {@code image} is a local copy of the still (for local rendering; null
 * for music), {@code imageUrl} the public URL remote providers fetch; {@code size} and {@code fps}
 * describe the video asked for (null and 0 for music); {@code workDir} is the job's scratch directory.
 */
public record GenerationRequest(String jobId, Task task, Path image, String imageUrl, FrameSize size, int fps, int seconds,
                                Path workDir) {
}
