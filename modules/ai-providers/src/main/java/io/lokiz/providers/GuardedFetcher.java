package io.lokiz.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one client every URL a client or provider gives us is fetched with (SSRF guard). Each hop:
 * scheme and host checked against the policy, the name resolved once and every address judged by
 * {@link AddressPolicy}, then a connection to exactly that address (TLS still verifies the host
 * name), so DNS cannot answer differently between check and use. Redirects are followed by hand,
 * each one checked again; size, time and content type are limited.
 */
@ApplicationScoped
public class GuardedFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    /**
     * What the guard allows; {@code hosts} empty means any public host. {@code trusted} names
     * internal services (e.g. the try-on service) that may resolve to private addresses: an
     * explicit, per-name exception, matched on the name as written, never on an address.
     */
    public record Policy(Set<String> schemes, Set<String> hosts, int maxRedirects, long maxBytes, Duration timeout,
                         Set<String> trusted) {
        public Policy(Set<String> schemes, Set<String> hosts, int maxRedirects, long maxBytes, Duration timeout) {
            this(schemes, hosts, maxRedirects, maxBytes, timeout, Set.of());
        }
    }

    /** Name resolution and connecting: the system's in production, a routed one in tests. */
    public interface Network {
        InetAddress[] resolve(String host) throws UnknownHostException;

        Socket connect(InetSocketAddress address, Duration timeout) throws IOException;
    }

    /** What was fetched: where it finally came from, its type and size. */
    public record Fetched(URI uri, String contentType, long size) {
    }

    static final Network SYSTEM = new Network() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return InetAddress.getAllByName(host);
        }

        @Override
        public Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
            var socket = new Socket();
            socket.connect(address, (int) timeout.toMillis());
            return socket;
        }
    };

    private final Policy policy;
    private final Network network;

    @Inject
    public GuardedFetcher(@ConfigProperty(name = "lokiz.fetch.allow-http", defaultValue = "false") boolean allowHttp,
                          @ConfigProperty(name = "lokiz.fetch.allowed-hosts") Optional<List<String>> hosts,
                          @ConfigProperty(name = "lokiz.fetch.max-bytes", defaultValue = "67108864") long maxBytes,
                          @ConfigProperty(name = "lokiz.fetch.timeout-seconds", defaultValue = "30") int timeoutSeconds,
                          @ConfigProperty(name = "lokiz.fetch.trusted-hosts") Optional<List<String>> trusted) {
        this(new Policy(allowHttp ? Set.of("https", "http") : Set.of("https"), lower(hosts), 3, maxBytes,
                Duration.ofSeconds(timeoutSeconds), lower(trusted)), SYSTEM);
    }

    public GuardedFetcher(Policy policy, Network network) {
        this.policy = policy;
        this.network = network;
    }

    protected GuardedFetcher() {
        this.policy = null;
        this.network = null;
    }

    private static Set<String> lower(Optional<List<String>> names) {
        return Set.copyOf(names.orElse(List.of()).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList());
    }

    /** Refuses the URL for what it says alone (scheme, host, address literal), before any lookup. */
    public void check(String url) throws FetchRefused {
        target(parse(url));
    }

    /**
     * Fetches {@code url} into {@code file}, accepting only content types starting with one of
     * {@code types}. The file appears whole or not at all.
     */
    public Fetched fetch(String url, Set<String> types, Path file) throws FetchRefused, IOException {
        return fetch(url, types, file, policy.maxBytes());
    }

    /** As {@link #fetch(String, Set, Path)}, with a tighter size limit for this one fetch. */
    public Fetched fetch(String url, Set<String> types, Path file, long maxBytes) throws FetchRefused, IOException {
        long limit = Math.min(maxBytes, policy.maxBytes());
        URI uri = parse(url);
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        for (int hop = 0; ; hop++) {
            Target target = target(uri);
            try (Socket socket = open(target, uri)) {
                socket.setSoTimeout((int) policy.timeout().toMillis());
                send(socket.getOutputStream(), uri);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                int status = status(readLine(in));
                Map<String, String> headers = headers(in);
                if (REDIRECTS.contains(status)) {
                    if (hop >= policy.maxRedirects()) {
                        throw new FetchRefused("more than " + policy.maxRedirects() + " redirects");
                    }
                    String location = headers.get("location");
                    if (location == null) {
                        throw new IOException("redirect without Location from " + host(uri));
                    }
                    uri = parse(uri.resolve(location.trim()).toString());
                    continue;
                }
                if (status != 200) {
                    throw new IOException("HTTP " + status + " from " + host(uri));
                }
                String type = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
                if (types.stream().noneMatch(type::startsWith)) {
                    throw new FetchRefused("content type \"" + type + "\" is not one of " + types);
                }
                long size = body(in, headers, file, deadline, limit);
                return new Fetched(uri, type, size);
            }
        }
    }

    private record Target(InetAddress address, int port) {
    }

    private URI parse(String url) throws FetchRefused {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !policy.schemes().contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new FetchRefused("only " + String.join(" or ", policy.schemes()) + " URLs are fetched: " + safe(url));
            }
            if (uri.getRawUserInfo() != null) {
                throw new FetchRefused("URLs with user information are not fetched");
            }
            if (host(uri).isEmpty()) {
                throw new FetchRefused("the URL has no host: " + safe(url));
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new FetchRefused("not a valid URL: " + safe(url));
        }
    }

    /**
     * The host as a peer would read it. {@link URI#getHost()} gives up on spellings such as
     * {@code 127.1} or {@code 0x7f.0.0.1}; those come from the authority, to be judged like any other.
     */
    private static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        return authority.replaceFirst(":[0-9]*$", "");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        var explicit = java.util.regex.Pattern.compile(":([0-9]{1,5})$").matcher(authority);
        return explicit.find() ? Integer.parseInt(explicit.group(1)) : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private Target target(URI uri) throws FetchRefused {
        String host = host(uri).toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!policy.hosts().isEmpty() && !policy.hosts().contains(host)) {
            throw new FetchRefused("host " + host + " is not on the allow-list");
        }
        InetAddress[] addresses = resolve(host);
        if (policy.trusted().contains(host)) {
            return new Target(addresses[0], port(uri));
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                throw new FetchRefused("host " + host + " is " + refusal.get() + "; only public addresses are fetched");
            }
        }
        return new Target(addresses[0], port(uri));
    }

    private InetAddress[] resolve(String host) throws FetchRefused {
        Optional<InetAddress> literal = AddressPolicy.ipv4Literal(host);
        if (literal.isPresent()) {
            return new InetAddress[]{literal.get()};
        }
        try {
            if (host.contains(":")) { // IPv6 literal: parsed, never looked up
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            InetAddress[] found = network.resolve(host);
            if (found.length == 0) {
                throw new FetchRefused("host " + host + " does not resolve");
            }
            return found;
        } catch (UnknownHostException e) {
            throw new FetchRefused("host " + host + " does not resolve");
        }
    }

    private Socket open(Target target, URI uri) throws IOException {
        Socket socket = network.connect(new InetSocketAddress(target.address(), target.port()), policy.timeout());
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            return socket;
        }
        var tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, host(uri), target.port(), true);
        var parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we checked
        if (!host(uri).contains(":") && AddressPolicy.ipv4Literal(host(uri)).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(host(uri))));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static void send(OutputStream out, URI uri) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String host = uri.getRawAuthority();
        String request = "GET " + path + query + " HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: lokiz-fetch\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line");
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (int i = 0; i < MAX_HEADERS; i++) {
            String line = readLine(in);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        throw new IOException("too many response headers");
    }

    private long body(InputStream in, Map<String, String> headers, Path file, long deadline, long limit) throws IOException, FetchRefused {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "fetch", ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            long size;
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                size = chunked(in, out, deadline, limit);
            } else {
                long declared = Optional.ofNullable(headers.get("content-length")).map(Long::parseLong).orElse(-1L);
                if (declared > limit) {
                    throw new FetchRefused("larger than " + limit + " bytes");
                }
                size = copy(in, out, declared < 0 ? Long.MAX_VALUE : declared, 0, deadline, limit);
                if (declared >= 0 && size < declared) {
                    throw new IOException("connection closed after " + size + " of " + declared + " bytes");
                }
            }
            out.close();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private long chunked(InputStream in, OutputStream out, long deadline, long limit) throws IOException, FetchRefused {
        long total = 0;
        while (true) {
            String line = readLine(in);
            long length;
            try {
                length = Long.parseLong(line.split(";", 2)[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (length == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers are ignored
                }
                return total;
            }
            long copied = copy(in, out, length, total, deadline, limit);
            if (copied < length) {
                throw new IOException("connection closed inside a chunk");
            }
            total += copied;
            readLine(in);
        }
    }

    private long copy(InputStream in, OutputStream out, long length, long already, long deadline, long limit) throws IOException, FetchRefused {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < length) {
            if (System.nanoTime() > deadline) {
                throw new FetchRefused("took longer than " + policy.timeout().toSeconds() + " s");
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (n < 0) {
                break;
            }
            copied += n;
            if (already + copied > limit) {
                throw new FetchRefused("larger than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the response head");
            }
            if (c == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(Arrays.copyOf(bytes, bytes.length - 1), StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("response line too long");
            }
            line.write(c);
            previous = c;
        }
    }

    /** URLs in messages lose their query: it may carry a signature or token. */
    private static String safe(String url) {
        int q = url.indexOf('?');
        String bare = q < 0 ? url : url.substring(0, q) + "?…";
        return bare.length() > 200 ? bare.substring(0, 200) + "…" : bare;
    }
}
