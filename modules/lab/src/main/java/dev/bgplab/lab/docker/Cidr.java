package dev.bgplab.lab.docker;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix such as {@code 172.30.7.0/24}; immutable. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not within 0.." + bits);
        }
        network = toAddress(toBigInteger(network).andNot(hostMask(bits, prefixLength)), bits);
    }

    /** Parses {@code address/length}; the host bits are cleared. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: expected address/length, e.g. 172.30.7.0/24");
        }
        try {
            return new Cidr(InetAddress.getByName(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: expected address/length, e.g. 172.30.7.0/24", e);
        }
    }

    public boolean isIpv6() {
        return network.getAddress().length == 16;
    }

    /** The address {@code n} above the network address: {@code host(1)} is the usual gateway. */
    public InetAddress host(long n) {
        int bits = network.getAddress().length * 8;
        BigInteger value = BigInteger.valueOf(n);
        if (n < 0 || value.compareTo(hostMask(bits, prefixLength)) > 0) {
            throw new IllegalArgumentException("host " + n + " is outside " + this);
        }
        return toAddress(toBigInteger(network).add(value), bits);
    }

    /** True when the two prefixes share at least one address (never across address families). */
    public boolean overlaps(Cidr other) {
        if (isIpv6() != other.isIpv6()) {
            return false;
        }
        int bits = network.getAddress().length * 8;
        int shorter = Math.min(prefixLength, other.prefixLength);
        BigInteger mask = hostMask(bits, shorter);
        return toBigInteger(network).andNot(mask).equals(toBigInteger(other.network).andNot(mask));
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }

    /**
     * An address as text the way FRR, iproute2 and Docker print it: IPv6 in RFC 5952 form
     * ({@code fd00:b9b:0:7::11}, where Java would write {@code fd00:b9b:0:7:0:0:0:11}).
     */
    public static String format(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
        }
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a tie
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static BigInteger hostMask(int bits, int prefixLength) {
        return BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
    }

    private static BigInteger toBigInteger(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static InetAddress toAddress(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[bits / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + Arrays.toString(out), e);
        }
    }
}
