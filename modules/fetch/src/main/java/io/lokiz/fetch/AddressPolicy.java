package io.lokiz.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses an outbound fetch may reach: public unicast only. Refuses loopback, private,
 * link-local (with the cloud metadata address), multicast, unique-local, carrier-grade NAT,
 * unspecified and reserved ranges, also when an IPv6 address only wraps one of them (IPv4-mapped,
 * -compatible, NAT64, 6to4). Host names are judged by every address they resolve to.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why the address may not be reached, or empty when it may. */
    public static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusal(embedded.get()).map(reason -> reason + " (inside an IPv6 address)");
            }
            if ((b[0] & 0xFE) == 0xFC) {
                return Optional.of("a unique-local address");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(isMetadata(address) ? "the cloud metadata address" : "a link-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address instanceof Inet4Address) {
            int a = address.getAddress()[0] & 0xFF;
            int b = address.getAddress()[1] & 0xFF;
            if (a == 0 || a >= 240 || a == 100 && b >= 64 && b < 128 || a == 198 && (b == 18 || b == 19)
                    || a == 192 && b == 0 && (address.getAddress()[2] & 0xFF) == 0) {
                return Optional.of("a reserved address");
            }
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address a literal means in any spelling inet_aton accepts (dotted, fewer parts,
     * one 32-bit number, hex {@code 0x}, octal leading {@code 0}), or empty when it is no IPv4 literal.
     */
    public static Optional<InetAddress> ipv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length == 0 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> v = number(parts[i]);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            values[i] = v.get();
        }
        long result = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return Optional.empty();
        }
        result |= last;
        byte[] bytes = {(byte) (result >> 24), (byte) (result >> 16), (byte) (result >> 8), (byte) result};
        try {
            return Optional.of(InetAddress.getByAddress(host, bytes));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String part) {
        try {
            if (part.matches("0[xX][0-9a-fA-F]{1,8}")) {
                return Optional.of(Long.parseLong(part.substring(2), 16));
            }
            if (part.matches("0[0-7]+")) {
                return Optional.of(Long.parseLong(part, 8));
            }
            if (part.matches("[0-9]{1,10}")) {
                return Optional.of(Long.parseLong(part));
            }
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        boolean zeroPrefix80 = allZero(b, 0, 10);
        boolean mapped = zeroPrefix80 && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = zeroPrefix80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16) && !(allZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(v4(b[12], b[13], b[14], b[15]));
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) { // 6to4: 2002:AABB:CCDD::/48
            return Optional.of(v4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean isMetadata(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && (b[0] & 0xFF) == 169 && (b[1] & 0xFF) == 254 && (b[2] & 0xFF) == 169 && (b[3] & 0xFF) == 254;
    }
}
