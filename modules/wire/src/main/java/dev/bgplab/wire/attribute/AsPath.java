package dev.bgplab.wire.attribute;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * AS_PATH (RFC 4271 5.1.2) as a list of segments, with 4-octet ASNs. Written and parsed the way
 * FRR shows it: {@code 65001 65002 {64512 64513} (65100)} with sets in braces, confederation
 * sequences in parentheses and confederation sets in brackets.
 */
public record AsPath(List<AsPathSegment> segments) implements PathAttribute {

    public static final AsPath EMPTY = new AsPath(List.of());
    /** RFC 6793: the 2-octet placeholder for a 4-octet ASN. */
    public static final long AS_TRANS = 23456;

    public AsPath {
        segments = List.copyOf(segments);
    }

    public static AsPath of(long... sequence) {
        return sequence.length == 0 ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(sequence)));
    }

    @Override public int typeCode() { return AS_PATH; }

    public boolean isEmpty() { return segments.isEmpty(); }

    /** Path length for the decision process: a set counts one, confederation segments none. */
    public int length() {
        int n = 0;
        for (AsPathSegment s : segments) n += s.pathLength();
        return n;
    }

    /** Every ASN in the path, in order, segments flattened. */
    public List<Long> asns() {
        List<Long> out = new ArrayList<>();
        for (AsPathSegment s : segments) out.addAll(s.asns());
        return Collections.unmodifiableList(out);
    }

    public boolean contains(long asn) {
        for (AsPathSegment s : segments) if (s.asns().contains(asn)) return true;
        return false;
    }

    /** How many times the ASN occurs anywhere in the path. */
    public int count(long asn) {
        int n = 0;
        for (AsPathSegment s : segments) for (long a : s.asns()) if (a == asn) n++;
        return n;
    }

    /**
     * The neighbouring AS: the first ASN of the first AS_SEQUENCE when the path starts with one
     * (RFC 4271 9.1.2.2 c), skipping confederation segments; -1 when there is none.
     */
    public long firstAs() {
        for (AsPathSegment s : segments) {
            if (s.type().isConfed()) continue;
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE && !s.asns().isEmpty()) return s.asns().get(0);
            return -1;
        }
        return -1;
    }

    /** The first ASN of the path whatever its segment: what enforce-first-as checks. */
    public long leftmostAs() {
        for (AsPathSegment s : segments) if (!s.asns().isEmpty()) return s.asns().get(0);
        return -1;
    }

    /** The originating AS: last ASN of the last AS_SEQUENCE, -1 when the path ends in a set or is empty. */
    public long originAs() {
        if (segments.isEmpty()) return -1;
        AsPathSegment last = segments.get(segments.size() - 1);
        if (last.type() != AsPathSegment.Type.AS_SEQUENCE || last.asns().isEmpty()) return -1;
        return last.asns().get(last.asns().size() - 1);
    }

    /** Prepends {@code asn} {@code times} times to the leading AS_SEQUENCE (RFC 4271 5.1.2), starting a new one when needed. */
    public AsPath prepend(long asn, int times) {
        if (times <= 0) return this;
        List<AsPathSegment> out = new ArrayList<>(segments);
        List<Long> head = new ArrayList<>();
        for (int i = 0; i < times; i++) head.add(asn);
        if (!out.isEmpty() && out.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
                && out.get(0).asns().size() + times <= 255) {
            head.addAll(out.get(0).asns());
            out.set(0, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, head));
        } else {
            // RFC 4271 5.1.2: a sequence is at most 255 ASNs; start a new segment beyond that.
            while (head.size() > 255) {
                out.add(0, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, head.subList(head.size() - 255, head.size())));
                head = new ArrayList<>(head.subList(0, head.size() - 255));
            }
            out.add(0, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, head));
        }
        return new AsPath(out);
    }

    /** Parses FRR's notation; an empty or blank string is the empty path. */
    public static AsPath parse(String text) {
        List<AsPathSegment> out = new ArrayList<>();
        List<Long> seq = new ArrayList<>();
        String s = text.trim();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '{' || c == '(' || c == '[') {
                char close = c == '{' ? '}' : c == '(' ? ')' : ']';
                int end = s.indexOf(close, i);
                if (end < 0) throw new IllegalArgumentException("unclosed '" + c + "' in AS path '" + text + "'");
                if (!seq.isEmpty()) { out.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, seq)); seq = new ArrayList<>(); }
                AsPathSegment.Type t = c == '{' ? AsPathSegment.Type.AS_SET
                        : c == '(' ? AsPathSegment.Type.AS_CONFED_SEQUENCE : AsPathSegment.Type.AS_CONFED_SET;
                List<Long> asns = new ArrayList<>();
                for (String tok : s.substring(i + 1, end).split("[\\s,]+")) if (!tok.isEmpty()) asns.add(parseAsn(tok, text));
                out.add(new AsPathSegment(t, asns));
                i = end + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "{([".indexOf(s.charAt(j)) < 0) j++;
                seq.add(parseAsn(s.substring(i, j), text));
                i = j;
            }
        }
        if (!seq.isEmpty()) out.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, seq));
        return out.isEmpty() ? EMPTY : new AsPath(out);
    }

    /** Parses an ASN as plain ("4200000000") or asdot ("64086.59904") notation. */
    public static long parseAsn(String tok, String context) {
        try {
            long v;
            int dot = tok.indexOf('.');
            if (dot > 0) {
                v = (Long.parseLong(tok.substring(0, dot)) << 16) | Long.parseLong(tok.substring(dot + 1));
            } else {
                v = Long.parseLong(tok);
            }
            if (v < 0 || v > 0xFFFF_FFFFL) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + tok + "' in '" + context + "' is not an AS number (0..4294967295)");
        }
    }

    @Override
    public String toString() {
        return segments.stream().map(AsPathSegment::toString).collect(Collectors.joining(" "));
    }
}
