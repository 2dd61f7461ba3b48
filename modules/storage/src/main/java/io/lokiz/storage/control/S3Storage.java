package io.lokiz.storage.control;

import io.lokiz.storage.Storage;
import io.lokiz.storage.StorageKeys;
import io.lokiz.storage.StorageUnavailable;
import io.lokiz.storage.StoredObject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@link Storage} on an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO). Every upload carries
 * its MD5 (each part's, for multipart uploads), which the store checks before it keeps a byte, and
 * is then looked up to compare its size: only then does {@link #put} answer. Playlists go out as
 * this app's {@link MediaUrls} when URLs are presigned, because a presigned playlist's relative
 * segment URLs would carry no signature.
 */
public class S3Storage implements Storage, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3Storage.class.getName());

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final MediaUrls mediaUrls;
    private final Path scratch;

    public S3Storage(S3Settings settings, MediaUrls mediaUrls, Path scratch) {
        this.settings = settings;
        this.mediaUrls = mediaUrls;
        this.scratch = scratch;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        var client = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // MD5 is what every S3-compatible store verifies; newer default checksums are not.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)));
        var presign = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.endpoint().ifPresent(client::endpointOverride);
        settings.presignEndpoint().or(settings::endpoint).ifPresent(presign::endpointOverride);
        this.s3 = client.build();
        this.presigner = presign.build();
        if (settings.createBucket()) {
            createBucket();
        }
    }

    @Override
    public StoredObject put(String key, Path file) throws IOException {
        StorageKeys.require(key);
        long size = Files.size(file);
        call(() -> {
            if (size < settings.multipartThreshold()) {
                String md5 = md5(file);
                s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(StorageKeys.contentType(key))
                        .contentLength(size).contentMD5(md5), RequestBody.fromFile(file));
            } else {
                putInParts(key, file, size);
            }
            return null;
        });
        StoredObject stored = find(key).orElseThrow(() -> new IOException("the store lost " + key + " right after taking it"));
        if (stored.size() != size) {
            throw new IOException("the store holds " + stored.size() + " bytes of " + size + " for " + key);
        }
        return stored;
    }

    @Override
    public StoredObject put(String key, InputStream content) throws IOException {
        // S3 wants the length and the checksum up front: a stream of unknown length goes to a file first.
        Files.createDirectories(scratch);
        Path copy = Files.createTempFile(scratch, "put", ".part");
        try {
            Files.copy(content, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return put(key, copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private void putInParts(String key, Path file, long size) throws IOException {
        String upload = s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
                .contentType(StorageKeys.contentType(key))).uploadId();
        try {
            var parts = new ArrayList<CompletedPart>();
            for (long offset = 0; offset < size; offset += settings.partSize()) {
                int number = parts.size() + 1;
                long length = Math.min(settings.partSize(), size - offset);
                byte[] bytes = read(file, offset, length);
                String etag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(upload).partNumber(number)
                        .contentLength(length).contentMD5(md5(bytes)), RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException | IOException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(upload));
            } catch (SdkException alsoDown) {
                e.addSuppressed(alsoDown); // the store expires abandoned uploads by its lifecycle rules
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredObject> find(String key) throws IOException {
        StorageKeys.require(key);
        return call(() -> {
            try {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(settings.bucket()).key(key));
                return Optional.of(new StoredObject(key, head.contentLength(),
                        head.contentType() == null ? StorageKeys.contentType(key) : head.contentType(), head.lastModified()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public InputStream open(String key) throws IOException {
        StorageKeys.require(key);
        return call(() -> get(key, null));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        StorageKeys.require(key);
        if (length <= 0) {
            return InputStream.nullInputStream();
        }
        return call(() -> get(key, "bytes=" + offset + "-" + (offset + length - 1)));
    }

    private ResponseInputStream<?> get(String key, String range) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(key).range(range));
        } catch (NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException(key);
        }
    }

    @Override
    public List<StoredObject> list(String keyPrefix) throws IOException {
        return call(() -> {
            var found = new ArrayList<StoredObject>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(keyPrefix)).contents()) {
                found.add(new StoredObject(o.key(), o.size(), StorageKeys.contentType(o.key()), o.lastModified()));
            }
            return found;
        });
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        StorageKeys.require(keyPrefix);
        List<ObjectIdentifier> doomed = list(keyPrefix).stream()
                .filter(o -> StorageKeys.isUnder(o.key(), keyPrefix))
                .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                .toList();
        call(() -> {
            for (int from = 0; from < doomed.size(); from += 1000) { // S3 deletes at most 1000 keys a request
                List<ObjectIdentifier> batch = doomed.subList(from, Math.min(doomed.size(), from + 1000));
                var answer = s3.deleteObjects(b -> b.bucket(settings.bucket()).delete(Delete.builder().objects(batch).quiet(true).build()));
                if (answer.hasErrors() && !answer.errors().isEmpty()) {
                    throw new IOException("the store kept " + answer.errors().size() + " objects under " + keyPrefix
                            + ": " + answer.errors().get(0).message());
                }
            }
            return null;
        });
    }

    @Override
    public String publicUrl(String key) {
        StorageKeys.require(key);
        if (settings.publicBaseUrl().isPresent()) {
            return settings.publicBaseUrl().get() + "/" + key;
        }
        if (key.endsWith(".m3u8")) {
            return mediaUrls.of(key);
        }
        return presigner.presignGetObject(p -> p.signatureDuration(settings.urlLifetime())
                .getObjectRequest(g -> g.bucket(settings.bucket()).key(key))).url().toString();
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private void createBucket() {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(settings.bucket()));
            LOG.info("created bucket " + settings.bucket());
        } catch (SdkException e) {
            // Not reachable yet: readiness says so, and uploads wait in the spool until it is.
            LOG.warning("bucket " + settings.bucket() + " not checked: " + e.getMessage());
        }
    }

    /** What the SDK throws (unchecked) as the {@link IOException} every store's caller handles. */
    private static <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw new StorageUnavailable("the object store is unavailable: " + e.getMessage(), e);
        }
    }

    private interface S3Call<T> {
        T run() throws IOException;
    }

    private static byte[] read(Path file, long offset, long length) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(length)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            in.readFully(bytes);
        }
        return bytes;
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    private static String md5(byte[] bytes) {
        return Base64.getEncoder().encodeToString(md5().digest(bytes));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
