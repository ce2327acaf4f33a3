package io.decree.server.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The space-time diagram of a counterexample, as SVG built from the simulator's event lines: one vertical
 * lane per replica (and per client that appears), time downwards, each delivered message an arrow from its
 * send time on the sender's lane to its delivery on the receiver's (a message lost to a down replica
 * dashed), each fault a red mark on its replica's lane (or across every lane for HEAL, RECONFIGURE, the
 * end of faults). Time is by rank of the distinct instants shown, not to scale: latencies of 1 ms and
 * partitions of seconds would otherwise crush one another.
 *
 * <p>The elements carry classes and data attributes ({@code lane}, {@code arrow}, {@code fault}) so a test
 * (and a reader's browser tools) can check what was drawn.
 */
final class SpaceTime {
    static final int MAX_MESSAGES = 150;
    private static final Pattern MESSAGE = Pattern.compile("^t=(\\d+) (deliver|lost \\(r\\d+ down\\)) (\\d+)->(\\d+) (.*?)(?: \\(sent t=(\\d+)\\))?$");
    private static final Pattern FAULT = Pattern.compile("^t=(\\d+) ([A-Z][A-Z_]+)(?: r(\\d+))?(.*)$");
    private static final Pattern NOTE = Pattern.compile("^t=(\\d+) (.+)$");
    private static final int CLIENT_BASE = 1000;

    record Arrow(int from, int to, long sent, long delivered, String label, boolean lost) {}

    /** A fault or note: {@code lane} 0 marks every lane. */
    record Mark(long at, int lane, String label, boolean fault) {}

    record Diagram(List<Integer> lanes, List<Arrow> arrows, List<Mark> marks, int messagesOmitted) {}

    private SpaceTime() {}

    /** Parses event lines; keeps the last {@value #MAX_MESSAGES} messages and the marks from the first kept message on. */
    static Diagram parse(List<String> events) {
        List<Arrow> arrows = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        for (String line : events) {
            Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                long at = Long.parseLong(m.group(1));
                long sent = m.group(6) != null ? Long.parseLong(m.group(6)) : at;
                arrows.add(new Arrow(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), sent, at, m.group(5), m.group(2).startsWith("lost")));
                continue;
            }
            Matcher f = FAULT.matcher(line);
            if (f.matches()) {
                marks.add(new Mark(Long.parseLong(f.group(1)), f.group(3) != null ? Integer.parseInt(f.group(3)) : 0, line.substring(line.indexOf(' ') + 1), true));
                continue;
            }
            Matcher n = NOTE.matcher(line);
            if (n.matches()) marks.add(new Mark(Long.parseLong(n.group(1)), noteLane(n.group(2)), n.group(2), false));
        }
        int omitted = Math.max(0, arrows.size() - MAX_MESSAGES);
        List<Arrow> kept = arrows.subList(omitted, arrows.size());
        long from = kept.isEmpty() ? Long.MIN_VALUE : kept.getFirst().sent();
        List<Mark> keptMarks = marks.stream().filter(k -> k.at() >= from).toList();
        TreeSet<Integer> lanes = new TreeSet<>();
        for (Arrow a : kept) {
            lanes.add(a.from());
            lanes.add(a.to());
        }
        for (Mark k : keptMarks) if (k.lane() > 0) lanes.add(k.lane());
        return new Diagram(List.copyOf(lanes), List.copyOf(kept), keptMarks, omitted);
    }

    /** "r2 disk: ..." and "r1 asked to reconfigure ..." belong to a replica; other notes to all. */
    private static int noteLane(String text) {
        Matcher m = Pattern.compile("^r(\\d+) ").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String laneName(int id) { return id >= CLIENT_BASE ? "c" + id : "r" + id; }

    /** The diagram as an SVG element (empty string when there is nothing to draw). */
    static String svg(Diagram d) {
        if (d.lanes().isEmpty()) return "";
        TreeSet<Long> instants = new TreeSet<>();
        for (Arrow a : d.arrows()) {
            instants.add(a.sent());
            instants.add(a.delivered());
        }
        for (Mark m : d.marks()) instants.add(m.at());
        TreeMap<Long, Integer> row = new TreeMap<>();
        for (long t : instants) row.put(t, row.size());
        int laneGap = 110, top = 40, step = 16, left = 60;
        int width = left + laneGap * d.lanes().size() + 260, height = top + step * (row.size() + 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"spacetime\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                width, height, width, height));
        s.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#445\"/></marker></defs>");
        for (int i = 0; i < d.lanes().size(); i++) {
            int x = left + i * laneGap;
            String name = laneName(d.lanes().get(i));
            s.append(String.format(Locale.ROOT, "<g class=\"lane\" data-lane=\"%s\"><text x=\"%d\" y=\"20\" text-anchor=\"middle\">%s</text>"
                    + "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-width=\"2\"/></g>", name, x, name, x, x, height - 4));
        }
        for (Arrow a : d.arrows()) {
            int x1 = x(d, a.from(), left, laneGap), x2 = x(d, a.to(), left, laneGap);
            int y1 = top + step * row.get(a.sent()), y2 = top + step * row.get(a.delivered());
            if (x1 == x2) x2 += 6;   // a replica's message to itself: a short hook
            s.append(String.format(Locale.ROOT, "<line class=\"arrow%s\" data-from=\"%s\" data-to=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s marker-end=\"url(#head)\"><title>t=%d..%d %s -&gt; %s %s</title></line>",
                    a.lost() ? " lost" : "", laneName(a.from()), laneName(a.to()), x1, y1, x2, y2, colour(a.label()), a.lost() ? " stroke-dasharray=\"4 3\"" : "",
                    a.sent(), a.delivered(), laneName(a.from()), laneName(a.to()), Html.escape(a.label())));
        }
        int textX = left + laneGap * (d.lanes().size() - 1) + 30;
        for (Mark m : d.marks()) {
            int y = top + step * row.get(m.at());
            String cls = m.fault() ? "fault" : "note";
            String colour = m.fault() ? "#c0392b" : "#7f8c8d";
            if (m.lane() > 0 && d.lanes().contains(m.lane())) {
                int x = x(d, m.lane(), left, laneGap);
                s.append(String.format(Locale.ROOT, "<g class=\"%s\" data-lane=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><title>t=%d %s</title></g>",
                        cls, laneName(m.lane()), x - 6, y - 6, colour, m.at(), Html.escape(m.label())));
            } else {
                s.append(String.format(Locale.ROOT, "<g class=\"%s\" data-lane=\"all\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"2 2\"/><title>t=%d %s</title></g>",
                        cls, left - 20, y, textX - 10, y, colour, m.at(), Html.escape(m.label())));
            }
            if (m.fault()) s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"11\">%s</text>", textX, y + 4, colour, Html.escape(shorten(m.label()))));
        }
        return s.append("</svg>").toString();
    }

    private static int x(Diagram d, int lane, int left, int gap) { return left + d.lanes().indexOf(lane) * gap; }

    private static String shorten(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }

    private static String colour(String label) {
        if (label.startsWith("Phase1")) return "#2e86c1";
        if (label.startsWith("Phase2")) return "#28b463";
        if (label.startsWith("Client")) return "#af7ac5";
        if (label.startsWith("Heartbeat") || label.startsWith("LeaseGrant")) return "#b3b6b7";
        return "#445";
    }
}
