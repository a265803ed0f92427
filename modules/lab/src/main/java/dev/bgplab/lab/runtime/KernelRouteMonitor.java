package dev.bgplab.lab.runtime;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code ip -ts monitor route} printed inside a node (started with {@code TZ=UTC0} at
 * deploy, appending to {@link #LOG}): one message per route change, a
 * {@code [2026-12-03T11:02:03.123456]} stamp, {@code Deleted} for a removal, and for a multipath
 * route one {@code nexthop via ...} line per next hop. Local, broadcast, link-local and multicast
 * routes are left out, like the kernel table expectations read.
 */
public final class KernelRouteMonitor {

    public static final String LOG = "/tmp/bgplab-route-events.log";
    /** Started in the node; appends so that a node started again keeps its earlier events. */
    public static final String START = "TZ=UTC0 nohup ip -ts monitor route >> " + LOG + " 2>&1 &";

    private static final Pattern STAMP = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.(\\d{6})\\]\\s*(.*)$");
    private static final Pattern VIA = Pattern.compile("\\bvia (?:inet6? )?([0-9a-fA-F.:]+)");
    private static final Pattern DEV = Pattern.compile("\\bdev (\\S+)");

    private KernelRouteMonitor() {
    }

    /** Parses the log text; lines before the first stamp (a restart's tail) are skipped. */
    public static List<RouteEvent> parse(String node, String text) {
        List<RouteEvent> out = new ArrayList<>();
        String stamp = null;
        StringBuilder message = new StringBuilder();
        for (String line : (text + "\n[end]").split("\n")) {
            Matcher m = STAMP.matcher(line);
            boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            if (continuation) {
                message.append('\n').append(line.strip());
                continue;
            }
            if (stamp != null) {
                RouteEvent e = event(node, stamp, message.toString());
                if (e != null) {
                    out.add(e);
                }
            }
            stamp = null;
            message.setLength(0);
            if (m.matches()) {
                stamp = m.group(1) + "." + m.group(2);
                message.append(m.group(3));
            }
        }
        return out;
    }

    private static RouteEvent event(String node, String stamp, String message) {
        String first = message.lines().findFirst().orElse("").strip();
        boolean deleted = first.startsWith("Deleted ");
        if (deleted) {
            first = first.substring("Deleted ".length()).strip();
        }
        String[] words = first.split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return null;
        }
        String dst = words[0];
        if (dst.equals("local") || dst.equals("broadcast") || dst.equals("multicast") || dst.equals("anycast")
                || dst.equals("unreachable") || dst.equals("blackhole") || dst.equals("prohibit") || first.contains(" table local")) {
            return null;
        }
        boolean ipv6 = dst.contains(":") || message.contains(" via inet6 ");
        if (dst.equals("default")) {
            dst = ipv6 || first.contains("inet6") ? "::/0" : "0.0.0.0/0";
        } else if (!dst.contains("/")) {
            dst = dst + (dst.contains(":") ? "/128" : "/32");
        }
        if (dst.startsWith("fe80") || dst.startsWith("ff00") || dst.startsWith("ff0")) {
            return null;
        }
        List<String> nhs = new ArrayList<>();
        if (!deleted) {
            Matcher via = VIA.matcher(message);
            while (via.find()) {
                nhs.add(via.group(1));
            }
            if (nhs.isEmpty()) {
                Matcher dev = DEV.matcher(message);
                if (dev.find()) {
                    nhs.add("dev " + dev.group(1));
                }
            }
        }
        LocalDateTime t = LocalDateTime.parse(stamp);
        return new RouteEvent(t.toInstant(ZoneOffset.UTC), node, "kernel", dst, nhs, null, (deleted ? "Deleted " : "") + message.replace('\n', ' '), null);
    }
}
