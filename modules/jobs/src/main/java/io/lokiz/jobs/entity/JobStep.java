package io.lokiz.jobs.entity;

/** The next unit of work a job waits for; each one is short, committed, and safe to run again. */
public enum JobStep {
    /** Hand the image to the provider. */
    SUBMIT,
    /** Ask the provider whether the clip is ready. */
    POLL,
    /** Make MP4, WebM, HLS and thumbnail from the provider's clip. */
    ENCODE,
    /** Put the files into storage. */
    UPLOAD,
    /** Publish the video and finish the job. */
    COMPLETE
}
