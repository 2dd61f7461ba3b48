package io.lokiz.storage.control;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the bucket is and how to reach it. {@code endpoint} is empty for AWS itself; R2 and MinIO
 * name theirs ({@code https://<account>.r2.cloudflarestorage.com}, {@code http://minio:9000}).
 * {@code publicBaseUrl} is the CDN in front of the bucket; without one, clients get presigned
 * URLs that live {@code urlLifetime}, naming {@code presignEndpoint} when clients reach the store
 * by another address than this node does (MinIO inside a compose network). Objects from {@code multipartThreshold} bytes on go up in
 * parts of {@code partSize}.
 */
public record S3Settings(Optional<URI> endpoint, Optional<URI> presignEndpoint, String region, String bucket, boolean pathStyle, String accessKey,
                         String secretKey, Optional<String> publicBaseUrl, Duration urlLifetime, long multipartThreshold,
                         long partSize, boolean createBucket) {

    /** S3's smallest part but the last. */
    public static final long MIN_PART = 5L << 20;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("lokiz.storage.s3.bucket is required when lokiz.storage.kind=s3");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("lokiz.storage.s3.access-key and lokiz.storage.s3.secret-key are required when lokiz.storage.kind=s3");
        }
        if (partSize < MIN_PART) {
            throw new IllegalArgumentException("lokiz.storage.s3.part-size-mb must be at least 5 (S3's smallest part)");
        }
        publicBaseUrl = publicBaseUrl.map(url -> url.replaceAll("/+$", ""));
    }
}
