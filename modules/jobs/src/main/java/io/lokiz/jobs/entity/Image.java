package io.lokiz.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An uploaded still image (a try-on photo, a captured frame): the input of a video job. */
@Entity
@Table(name = "job_images")
public class Image {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String owner;
    @Column(name = "content_type", nullable = false)
    private String contentType;
    private int width;
    private int height;
    @Column(name = "size_bytes")
    private long size;
    @Column(name = "storage_key", nullable = false)
    private String storageKey;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Image() {
    }

    public Image(UUID id, String owner, String contentType, int width, int height, long size, String storageKey, Instant createdAt) {
        this.id = id;
        this.owner = owner;
        this.contentType = contentType;
        this.width = width;
        this.height = height;
        this.size = size;
        this.storageKey = storageKey;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public boolean isOwnedBy(String user) {
        return owner.equals(user);
    }

    public String contentType() {
        return contentType;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long size() {
        return size;
    }

    public String storageKey() {
        return storageKey;
    }
}
