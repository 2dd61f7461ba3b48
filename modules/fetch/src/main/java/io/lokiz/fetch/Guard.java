package io.lokiz.fetch;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an outbound request may go, for every client of this module: the URL's scheme, user
 * information and host, and which addresses a host name may connect to. Clients connect through
 * {@link #resolver()}, so an address is judged by the resolution the connection then uses.
 */
final class Guard {

    private final GuardedFetcher.Policy policy;
    private final GuardedFetcher.Network network;

    Guard(GuardedFetcher.Policy policy, GuardedFetcher.Network network) {
        this.policy = policy;
        this.network = network;
    }

    /** A resolver for HTTP clients: the judged addresses, or a {@link Refused} the caller turns into a refusal. */
    DnsResolver resolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return addresses(host);
                } catch (FetchRefused e) {
                    throw new Refused(e.getMessage());
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // never asked for: no Kerberos here
            }
        };
    }

    /** A refusal on its way through the HTTP client, which only passes {@link java.io.IOException}s on. */
    static final class Refused extends UnknownHostException {
        Refused(String reason) {
            super(reason);
        }
    }

    URI parse(String url) throws FetchRefused {
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
        } catch (URISyntaxException e) {
            throw new FetchRefused("not a valid URL: " + safe(url));
        }
    }

    /**
     * The host as a peer would read it. {@link URI#getHost()} gives up on spellings such as
     * {@code 127.1} or {@code 0x7f.0.0.1}; those come from the authority, to be judged like any other.
     */
    static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        return authority.replaceFirst(":[0-9]*$", "");
    }

    /** Every address {@code host} means, each one allowed by the policy; refused otherwise. */
    InetAddress[] addresses(String name) throws FetchRefused {
        String host = name.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!policy.hosts().isEmpty() && !policy.hosts().contains(host)) {
            throw new FetchRefused("host " + host + " is not on the allow-list");
        }
        InetAddress[] addresses = lookUp(host);
        if (!policy.trusted().contains(host)) {
            for (InetAddress address : addresses) {
                Optional<String> refusal = AddressPolicy.refusal(address);
                if (refusal.isPresent()) {
                    throw new FetchRefused("host " + host + " is " + refusal.get() + "; only public addresses are fetched");
                }
            }
        }
        return addresses;
    }

    private InetAddress[] lookUp(String host) throws FetchRefused {
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


    /** URLs in messages lose their query: it may carry a signature or token. */
    static String safe(String url) {
        int q = url.indexOf('?');
        String bare = q < 0 ? url : url.substring(0, q) + "?…";
        return bare.length() > 200 ? bare.substring(0, 200) + "…" : bare;
    }
}
