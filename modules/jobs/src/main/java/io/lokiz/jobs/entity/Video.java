package io.lokiz.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A finished video: where its files are stored and what they are. */
@Entity
@Table(name = "job_videos")
public class Video {

    @Id
    private UUID id;
    @Column(name = "job_id", nullable = false)
    private UUID jobId;
    @Column(nullable = false)
    private String owner;
    @Column(name = "mp4_key", nullable = false)
    private String mp4Key;
    @Column(name = "webm_key")
    private String webmKey;
    @Column(name = "hls_key")
    private String hlsKey;
    @Column(name = "thumbnail_key", nullable = false)
    private String thumbnailKey;
    @Column(name = "duration_s")
    private double duration;
    @Column(name = "size_bytes")
    private long size;
    private int width;
    private int height;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Video() {
    }

    public Video(UUID id, UUID jobId, String owner, VideoFiles files, Instant createdAt) {
        this.id = id;
        this.jobId = jobId;
        this.owner = owner;
        this.mp4Key = files.mp4Key();
        this.webmKey = files.webmKey();
        this.hlsKey = files.hlsKey();
        this.thumbnailKey = files.thumbnailKey();
        this.duration = files.duration();
        this.size = files.size();
        this.width = files.width();
        this.height = files.height();
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public UUID jobId() {
        return jobId;
    }

    public boolean isOwnedBy(String user) {
        return owner.equals(user);
    }

    public VideoFiles files() {
        return new VideoFiles(mp4Key, webmKey, hlsKey, thumbnailKey, duration, size, width, height);
    }
}
