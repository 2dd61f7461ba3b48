package io.lokiz.testing;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 server in the test's JVM (s3proxy on a directory), with AWS signature checks: what the
 * S3 store is tested against instead of a mock. It can be stopped and started again on the same
 * port and directory, as an outage of the bucket would look to its clients.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "lokiz-test-access";
    public static final String SECRET_KEY = "lokiz-test-secret-key-of-40-characters!!";
    public static final String REGION = "us-east-1";

    private final Path dir;
    private final int port;
    private S3Proxy proxy;

    private S3Server(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A server keeping its buckets as folders of {@code dir}, on {@code port} (0: any free one), started. */
    public static S3Server start(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        var server = new S3Server(dir, port == 0 ? freePort() : port);
        server.start();
        return server;
    }

    /** Starts the stopped server again: same port, same objects. */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        var started = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", properties))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .build();
        started.start();
        while (!"STARTED".equals(started.getState())) {
            Thread.onSpinWait();
        }
        proxy = started;
    }

    /** Stops answering; connections are then refused, as with a bucket that is down. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Makes a bucket (a folder) if it is missing. */
    public S3Server bucket(String name) throws IOException {
        Files.createDirectories(dir.resolve(name));
        return this;
    }

    /** Where an object of the bucket lies on disk, to compare bytes. */
    public Path file(String bucket, String key) {
        return dir.resolve(bucket).resolve(key);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
