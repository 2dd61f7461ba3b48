package io.lokiz.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one client every URL a client or provider gives us is fetched with (SSRF guard), on Apache
 * HttpClient 5. This class only decides where a request may go: the scheme, user information and
 * host of each hop, and which addresses a host name may connect to. The client connects only to
 * addresses the guard's resolver judged ({@link AddressPolicy}), so DNS cannot answer differently
 * between check and use. Redirects are followed by hand, each hop checked again; size, time and
 * content type are limited.
 */
@ApplicationScoped
public class GuardedFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

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

    /** Name resolution and sockets: the system's in production, a routed one in tests. */
    public interface Network {
        InetAddress[] resolve(String host) throws UnknownHostException;

        /** A new, unconnected socket; the client connects it to an address the guard allowed. */
        Socket socket();
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
        public Socket socket() {
            return new Socket();
        }
    };

    private final Policy policy;
    private final Network network;
    private final Guard guard;

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
        this.guard = new Guard(policy, network);
    }

    protected GuardedFetcher() {
        this.policy = null;
        this.network = null;
        this.guard = null;
    }

    static Set<String> lower(Optional<List<String>> names) {
        return Set.copyOf(names.orElse(List.of()).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList());
    }

    /** Refuses {@code url} as a fetch of it would be refused now (scheme, user information, host and its addresses). */
    public void check(String url) throws FetchRefused {
        guard.addresses(Guard.host(guard.parse(url)));
    }

    /**
     * A poster under this fetcher's rules (schemes, allow-list, trusted hosts) whose requests end
     * within {@code timeout}; the caller closes it.
     */
    public GuardedPoster poster(Duration timeout, int perHost, int total, java.util.concurrent.ThreadFactory threads) {
        var rules = new Policy(policy.schemes(), policy.hosts(), 0, 0, timeout, policy.trusted());
        return new GuardedPoster(rules, network, perHost, total, threads);
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
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        URI uri = guard.parse(url);
        try (CloseableHttpClient client = client()) {
            for (int hop = 0; ; hop++) {
                guard.addresses(Guard.host(uri)); // refused here, before the client opens any connection
                var request = new HttpGet(uri);
                request.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
                try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
                    int status = response.getCode();
                    if (REDIRECTS.contains(status)) {
                        if (hop >= policy.maxRedirects()) {
                            throw new FetchRefused("more than " + policy.maxRedirects() + " redirects");
                        }
                        var location = response.getFirstHeader(HttpHeaders.LOCATION);
                        if (location == null) {
                            throw new IOException("redirect without Location from " + Guard.host(uri));
                        }
                        uri = guard.parse(uri.resolve(location.getValue().trim()).toString());
                        continue;
                    }
                    if (status != 200) {
                        throw new IOException("HTTP " + status + " from " + Guard.host(uri));
                    }
                    HttpEntity entity = response.getEntity();
                    String type = entity == null || entity.getContentType() == null ? "" : entity.getContentType().toLowerCase(Locale.ROOT);
                    if (types.stream().noneMatch(type::startsWith)) {
                        throw new FetchRefused("content type \"" + type + "\" is not one of " + types);
                    }
                    if (entity.getContentLength() > limit) {
                        throw new FetchRefused("larger than " + limit + " bytes");
                    }
                    long size = new BoundedDownload(limit, deadline, policy.timeout()).save(entity, file);
                    return new Fetched(uri, type, size);
                }
            }
        } catch (Guard.Refused e) {
            throw new FetchRefused(e.getMessage());
        }
    }

    /** A client for one fetch whose connections go only where the guard allows. */
    private CloseableHttpClient client() {
        Timeout timeout = Timeout.of(policy.timeout());
        var tls = RegistryBuilder.<TlsSocketStrategy>create().register("https", DefaultClientTlsStrategy.createSystemDefault()).build();
        var operator = new DefaultHttpClientConnectionOperator(proxy -> network.socket(), DefaultSchemePortResolver.INSTANCE,
                guard.resolver(), tls);
        var connections = new BasicHttpClientConnectionManager(operator, ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build());
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching() // no proxy either: a proxy would resolve names where the guard cannot judge them
                .setUserAgent("lokiz-fetch")
                .build();
    }
}
