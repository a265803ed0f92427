package dev.bgplab.wire.attribute;

/** One RFC 1997 community, 32 bits, shown as "ASN:value" or by its well-known name. */
public record Community(int value) {
    public static final Community GRACEFUL_SHUTDOWN = new Community(0xFFFF0000);
    public static final Community ACCEPT_OWN = new Community(0xFFFF0001);
    public static final Community BLACKHOLE = new Community(0xFFFF029A);
    public static final Community NO_EXPORT = new Community(0xFFFFFF01);
    public static final Community NO_ADVERTISE = new Community(0xFFFFFF02);
    public static final Community NO_EXPORT_SUBCONFED = new Community(0xFFFFFF03);
    public static final Community NO_PEER = new Community(0xFFFFFF04);

    public static Community of(int high, int low) {
        return new Community((high << 16) | (low & 0xFFFF));
    }

    public int high() { return value >>> 16; }
    public int low() { return value & 0xFFFF; }

    /** The FRR name of a well-known community, or null. */
    public String wellKnownName() {
        return switch (value) {
            case 0xFFFF0000 -> "graceful-shutdown";
            case 0xFFFF0001 -> "accept-own";
            case 0xFFFF029A -> "blackhole";
            case 0xFFFFFF01 -> "no-export";
            case 0xFFFFFF02 -> "no-advertise";
            case 0xFFFFFF03 -> "local-AS";
            case 0xFFFFFF04 -> "no-peer";
            default -> null;
        };
    }

    /** Parses "65000:100", a well-known name (no-export, no-advertise, local-AS, ...) or a 32-bit number. */
    public static Community parse(String text) {
        String t = text.trim();
        switch (t.toLowerCase()) {
            case "graceful-shutdown": return GRACEFUL_SHUTDOWN;
            case "accept-own": return ACCEPT_OWN;
            case "blackhole": return BLACKHOLE;
            case "no-export": return NO_EXPORT;
            case "no-advertise": return NO_ADVERTISE;
            case "local-as": case "no-export-subconfed": return NO_EXPORT_SUBCONFED;
            case "no-peer": return NO_PEER;
            default: break;
        }
        try {
            int colon = t.indexOf(':');
            if (colon > 0) {
                int hi = Integer.parseInt(t.substring(0, colon));
                int lo = Integer.parseInt(t.substring(colon + 1));
                if (hi < 0 || hi > 0xFFFF || lo < 0 || lo > 0xFFFF) throw new NumberFormatException();
                return of(hi, lo);
            }
            long v = Long.parseLong(t);
            if (v < 0 || v > 0xFFFF_FFFFL) throw new NumberFormatException();
            return new Community((int) v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a community (expected ASN:VALUE with each part 0..65535, "
                    + "or no-export, no-advertise, local-AS, no-peer, blackhole, graceful-shutdown, accept-own)");
        }
    }

    @Override
    public String toString() {
        String n = wellKnownName();
        return n != null ? n : high() + ":" + low();
    }
}
