package io.decree.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a violation for people: a text table of the offending operations with their intervals and real-time
 * order, and a standalone HTML page with SVG timelines (one lane per client; bars from invocation to return; unknown
 * outcomes drawn open-ended; offending operations in red), first of the minimal sub-history, then of the partition's
 * operations in the same time window for context.
 */
final class ViolationReport<S, I, O> {

    private static final int CONTEXT_LIMIT = 150;
    private static final int ORDER_LIMIT = 200;
    private static final Comparator<Operation<?, ?>> BY_INVOCATION =
            Comparator.comparingLong((Operation<?, ?> op) -> op.invokeTime()).thenComparingInt(Operation::id);

    private final Model<S, I, O> model;
    private final Object partitionKey;
    private final List<Operation<I, O>> minimal;
    private final Shrinker.Shrunk<I, O> shrunk;
    private final LinearizabilityChecker.Shrink shrink;
    private final List<Operation<I, O>> partition;
    private final List<Operation<I, O>> longestPartial;
    private String text; // rendered once: html() embeds it

    ViolationReport(Model<S, I, O> model, Object partitionKey, Shrinker.Shrunk<I, O> shrunk,
            LinearizabilityChecker.Shrink shrink, List<Operation<I, O>> partition) {
        this(model, partitionKey, shrunk, shrink, partition, List.of());
    }

    /** @param longestPartial the search's longest partial linearization of the partition, drawn as a list */
    ViolationReport(Model<S, I, O> model, Object partitionKey, Shrinker.Shrunk<I, O> shrunk,
            LinearizabilityChecker.Shrink shrink, List<Operation<I, O>> partition,
            List<Operation<I, O>> longestPartial) {
        this.longestPartial = longestPartial;
        this.shrink = shrink;
        this.model = model;
        this.partitionKey = partitionKey;
        this.minimal = sorted(shrunk.operations());
        this.shrunk = shrunk;
        this.partition = partition;
    }

    String text() {
        if (text == null) {
            text = renderText();
        }
        return text;
    }

    private String renderText() {
        StringBuilder out = new StringBuilder();
        out.append("NOT linearizable").append(partitionKey == null ? "" : " on key " + partitionKey).append(": ")
                .append(minimal.size()).append(" of ").append(partition.size())
                .append(" operations have no linearization");
        out.append(shrink == LinearizabilityChecker.Shrink.OFF ? " (not shrunk).\n"
                : !shrunk.oneMinimal() ? " (shrinking stopped early: this set may not be minimal).\n"
                : shrunk.sense() == LinearizabilityChecker.Shrink.REMOVE
                        ? " (minimal: without any one of them, the rest is linearizable).\n"
                        : ".\nRemoving any one of them, even if it may then have taken effect at any time after its"
                                + " invocation (or never), makes the rest linearizable.\n");
        if (shrink != LinearizabilityChecker.Shrink.OFF) {
            out.append("Shrinking (").append(shrink.name().toLowerCase(java.util.Locale.ROOT)).append("): ")
                    .append(shrunk.progress())
                    .append(shrunk.sense() != shrink ? " (minimal by removal only: the explanation was not found"
                            + " within the budget)" : "")
                    .append(".\n");
        }
        out.append("Initial state: ").append(model.describeState(model.init())).append('\n');
        out.append('\n');
        row(out, "op", "client", "invoked", "returned", "operation -> response");
        for (Operation<I, O> op : minimal) {
            row(out, "#" + op.id(), "c" + op.clientId(), Long.toString(op.invokeTime()),
                    op.isUnknown() ? "-" : Long.toString(op.returnTime()), describe(op));
        }
        List<String> order = new ArrayList<>();
        int pairs = 0;
        for (Operation<I, O> a : minimal) {
            for (Operation<I, O> b : minimal) {
                if (a.precedes(b) && pairs++ < ORDER_LIMIT) { // an unshrunk violation can have ~n^2/2 pairs
                    order.add("#" + a.id() + " < #" + b.id());
                }
            }
        }
        out.append("\nReal-time order (a returned before b was invoked): ")
                .append(order.isEmpty() ? "none, all overlap" : String.join(", ", order))
                .append(pairs > ORDER_LIMIT ? ", and " + (pairs - ORDER_LIMIT) + " more pairs" : "").append('\n');
        if (minimal.stream().anyMatch(Operation::isUnknown)) {
            out.append("An operation with outcome '?' may have taken effect at any time after its invocation, or never.\n");
        }
        return out.toString();
    }

    String html() {
        Set<Integer> offending = new HashSet<>();
        minimal.forEach(op -> offending.add(op.id()));
        List<Operation<I, O>> context = context();
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Linearizability violation")
                .append(partitionKey == null ? "" : " on key " + escape(String.valueOf(partitionKey)))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "pre{background:#f6f6f6;padding:12px;border-radius:4px;overflow-x:auto}"
                        + ".svgbox{overflow-x:auto;border:1px solid #ddd;margin-bottom:24px}"
                        + ".legend span{display:inline-block;margin-right:18px}"
                        + ".sw{display:inline-block;width:28px;height:10px;margin-right:6px;vertical-align:middle}"
                        + "</style></head><body>\n");
        html.append("<h1>Linearizability violation</h1>\n<pre>").append(escape(text())).append("</pre>\n");
        html.append("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#d9403a\"></i>offending operation</span>"
                + "<span><i class=\"sw\" style=\"background:#8a99a6\"></i>other operation</span>"
                + "<span><i class=\"sw\" style=\"background:#d9403a;opacity:.35;border:1px dashed #922\"></i>"
                + "outcome unknown (open-ended)</span></p>\n");
        // An unshrunk violation can have hundreds of operations: draw the last ones (the violation is at the end).
        List<Operation<I, O>> drawn = minimal.size() <= CONTEXT_LIMIT ? minimal
                : minimal.subList(minimal.size() - CONTEXT_LIMIT, minimal.size());
        html.append("<h2>Minimal non-linearizable sub-history")
                .append(drawn.size() < minimal.size() ? " (last " + drawn.size() + " of " + minimal.size() + " drawn)" : "")
                .append("</h2>\n<div class=\"svgbox\">").append(svg(drawn, offending)).append("</div>\n");
        if (context.size() > minimal.size()) {
            html.append("<h2>Context: ").append(context.size()).append(" operations")
                    .append(partitionKey == null ? "" : " on key " + escape(String.valueOf(partitionKey)))
                    .append(" overlapping the same time window")
                    .append(context.size() == CONTEXT_LIMIT ? " (first " + CONTEXT_LIMIT + " shown)" : "")
                    .append("</h2>\n<div class=\"svgbox\">").append(svg(context, offending)).append("</div>\n");
        }
        if (!longestPartial.isEmpty()) {
            // What Porcupine's visualiser shows: how far a linearization got; no pending operation fits next.
            html.append("<h2>Longest partial linearization: ").append(longestPartial.size()).append(" of ")
                    .append(partition.size()).append(" operations</h2>\n<p>The search found no order of the")
                    .append(" partition's operations longer than this one that the model accepts and that respects")
                    .append(" real time; after it, none of the pending operations can come next.</p>\n<ol class=\"partial\">");
            int from = Math.max(0, longestPartial.size() - CONTEXT_LIMIT);
            if (from > 0) {
                html.append("<li value=\"1\">… ").append(from).append(" earlier operations</li>");
            }
            for (int i = from; i < longestPartial.size(); i++) {
                Operation<I, O> op = longestPartial.get(i);
                html.append("<li value=\"").append(i + 1).append("\">").append(escape(label(op)))
                        .append(" <small>(client ").append(op.clientId()).append(')')
                        .append(op.isUnknown() ? ", outcome unknown: took effect" : "").append("</small></li>");
            }
            html.append("</ol>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    /** The partition's operations whose intervals overlap the minimal sub-history's time window. */
    private List<Operation<I, O>> context() {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Operation<I, O> op : minimal) {
            from = Math.min(from, op.invokeTime());
            to = Math.max(to, op.isUnknown() ? op.invokeTime() : op.returnTime());
        }
        List<Operation<I, O>> context = new ArrayList<>();
        for (Operation<I, O> op : sorted(partition)) {
            if (op.invokeTime() <= to && op.returnTime() >= from && context.size() < CONTEXT_LIMIT) {
                context.add(op);
            }
        }
        return context;
    }

    private String svg(List<Operation<I, O>> ops, Set<Integer> offending) {
        // Time is drawn by rank (one column per distinct instant): order is what matters, not duration.
        TreeSet<Long> instants = new TreeSet<>();
        int longestLabel = 8;
        for (Operation<I, O> op : ops) {
            instants.add(op.invokeTime());
            if (!op.isUnknown()) {
                instants.add(op.returnTime());
            }
            longestLabel = Math.max(longestLabel, label(op).length());
        }
        long[] columns = instants.stream().mapToLong(Long::longValue).toArray();
        int column = Math.clamp((long) (6.7 * longestLabel) + 16, 70, 280);
        int gutter = 90;
        int top = 34;
        int rowHeight = 30;
        int right = gutter + column * (columns.length + 1);

        // Lanes, one per client; a lane grows sub-rows where its bars overlap (open-ended unknowns never end).
        TreeMap<Integer, List<long[]>> rowsByClient = new TreeMap<>();
        List<int[]> placement = new ArrayList<>(); // {clientRow}
        for (Operation<I, O> op : ops) {
            List<long[]> rows = rowsByClient.computeIfAbsent(op.clientId(), c -> new ArrayList<>());
            long end = op.isUnknown() ? Long.MAX_VALUE : op.returnTime();
            int row = 0;
            while (row < rows.size() && rows.get(row)[0] >= op.invokeTime()) {
                row++;
            }
            if (row == rows.size()) {
                rows.add(new long[] {end});
            } else {
                rows.get(row)[0] = end;
            }
            placement.add(new int[] {row});
        }
        TreeMap<Integer, Integer> laneTop = new TreeMap<>();
        int y = top;
        for (var lane : rowsByClient.entrySet()) {
            laneTop.put(lane.getKey(), y);
            y += lane.getValue().size() * rowHeight + 8;
        }
        int height = y + 10;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(right + 20).append("\" height=\"")
                .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        for (int c = 0; c < columns.length; c++) {
            int x = gutter + column * c + column / 2;
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(height - 6).append("\" stroke=\"#eee\"/>");
            svg.append("<text x=\"").append(x).append("\" y=\"").append(top - 12)
                    .append("\" text-anchor=\"middle\" fill=\"#888\">t=").append(columns[c]).append("</text>\n");
        }
        for (var lane : laneTop.entrySet()) {
            int laneY = lane.getValue();
            int laneH = rowsByClient.get(lane.getKey()).size() * rowHeight;
            svg.append("<rect x=\"0\" y=\"").append(laneY - 4).append("\" width=\"").append(right + 20)
                    .append("\" height=\"").append(laneH + 4).append("\" fill=\"#fafafa\"/>");
            svg.append("<text x=\"8\" y=\"").append(laneY + 14).append("\" font-family=\"sans-serif\" font-size=\"12\">client ")
                    .append(lane.getKey()).append("</text>\n");
        }
        for (int i = 0; i < ops.size(); i++) {
            Operation<I, O> op = ops.get(i);
            boolean bad = offending.contains(op.id());
            int x1 = gutter + column * java.util.Arrays.binarySearch(columns, op.invokeTime()) + column / 2;
            int x2 = op.isUnknown() ? right
                    : gutter + column * java.util.Arrays.binarySearch(columns, op.returnTime()) + column / 2;
            x2 = Math.max(x2, x1 + 6);
            int barY = laneTop.get(op.clientId()) + placement.get(i)[0] * rowHeight + 12;
            String fill = bad ? "#d9403a" : "#8a99a6";
            svg.append("<g><title>").append(escape(tooltip(op))).append("</title>");
            svg.append("<rect x=\"").append(x1).append("\" y=\"").append(barY).append("\" width=\"").append(x2 - x1)
                    .append("\" height=\"10\" rx=\"2\" fill=\"").append(fill).append('"');
            if (op.isUnknown()) {
                svg.append(" fill-opacity=\"0.35\" stroke=\"").append(bad ? "#922" : "#556")
                        .append("\" stroke-dasharray=\"4 3\"");
            }
            svg.append("/>");
            if (op.isUnknown()) {
                svg.append("<text x=\"").append(right + 4).append("\" y=\"").append(barY + 9).append("\" fill=\"")
                        .append(fill).append("\">?</text>");
            }
            svg.append("<text x=\"").append(x1).append("\" y=\"").append(barY - 2).append("\" fill=\"")
                    .append(bad ? "#a11" : "#333").append('"').append(bad ? " font-weight=\"bold\"" : "").append('>')
                    .append(escape(label(op))).append("</text></g>\n");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** One table row, columns left-aligned to widths 6, 8, 12 and 12 (what {@code %-6s} would do, cheaper). */
    private static void row(StringBuilder out, String op, String client, String invoked, String returned,
            String operation) {
        out.append("  ");
        pad(out, op, 6);
        pad(out, client, 8);
        pad(out, invoked, 12);
        pad(out, returned, 12);
        out.append(operation).append('\n');
    }

    private static void pad(StringBuilder out, String cell, int width) {
        out.append(cell);
        for (int i = cell.length(); i < width; i++) {
            out.append(' ');
        }
        out.append(' ');
    }

    private String describe(Operation<I, O> op) {
        return model.describeInput(op.input()) + " -> "
                + (op.isUnknown() ? "? (outcome unknown)" : model.describeOutput(op.output()));
    }

    private String label(Operation<I, O> op) {
        return "#" + op.id() + " " + model.describeInput(op.input()) + " → "
                + (op.isUnknown() ? "?" : model.describeOutput(op.output()));
    }

    private String tooltip(Operation<I, O> op) {
        return "#" + op.id() + " client " + op.clientId() + ": " + describe(op) + "  [" + op.invokeTime() + ", "
                + (op.isUnknown() ? "never returned" : op.returnTime()) + "]";
    }

    private static <I, O> List<Operation<I, O>> sorted(List<Operation<I, O>> ops) {
        List<Operation<I, O>> copy = new ArrayList<>(ops);
        copy.sort(BY_INVOCATION);
        return List.copyOf(copy);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
