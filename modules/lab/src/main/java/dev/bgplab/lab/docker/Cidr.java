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
        return network.getHostAddress() + "/" + prefixLength;
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
