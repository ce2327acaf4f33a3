package io.decree.lin.jepsen;

import io.decree.lin.History;
import io.decree.lin.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports a Jepsen/Knossos history (EDN, or the same events as JSON) into a {@link History} for a
 * {@link JepsenModel}.
 *
 * <p>A history is a sequence of events, maps with {@code :type} ({@code :invoke}, {@code :ok}, {@code :fail},
 * {@code :info}), {@code :process}, {@code :f} and {@code :value}; either one event per top-level form (Jepsen's
 * {@code history.edn}, JSON lines) or a single vector/array of them. Knossos's rules:
 * <ul>
 *   <li>an {@code :ok} completes its process's open invocation; its value is the operation's output;</li>
 *   <li>a {@code :fail} means the operation did not happen: invocation and failure are both dropped;</li>
 *   <li>an {@code :info} means the outcome is unknown: the operation may have taken effect at any time after its
 *       invocation, or never. Its process is retired (Jepsen starts a new one), so a later invocation under the
 *       same number counts as a new client. An invocation still open at the end is treated the same way;</li>
 *   <li>events of a non-integer process (the {@code :nemesis}) are not client operations and are skipped.</li>
 * </ul>
 * Times are event positions, so the order of events is the real-time order.
 */
public final class HistoryImport {

    /** The input format. */
    public enum Format {
        EDN, JSON;

        /** By file name: {@code .json}/{@code .jsonl}/{@code .ndjson} is JSON, anything else EDN. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON : EDN;
        }
    }

    /**
     * An imported history and what the import did with the events.
     *
     * @param completed operations with an {@code :ok}
     * @param failed    operations dropped because they failed
     * @param unknown   operations with an unknown outcome ({@code :info}, or never completed)
     * @param skipped   events of non-client processes
     */
    public record Imported(History<JepsenOp, Object> history, int events, int completed, int failed, int unknown,
            int skipped) {
        public String summary() {
            return events + " events: " + completed + " ok, " + failed + " failed (dropped), " + unknown
                    + " unknown outcome" + (skipped == 0 ? "" : ", " + skipped + " non-client events skipped");
        }
    }

    private HistoryImport() {
    }

    public static Imported read(Path file, Format format, JepsenModel<?> model) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text, format, model);
    }

    /** Parses {@code text} ({@code source} names it in errors). */
    public static Imported parse(String source, String text, Format format, JepsenModel<?> model) {
        Located reader;
        List<Object> forms;
        if (format == Format.EDN) {
            EdnReader edn = new EdnReader(source, text);
            forms = edn.readAll();
            reader = edn;
        } else {
            JsonReader json = new JsonReader(source, text);
            forms = json.readAll();
            reader = json;
        }
        if (forms.size() == 1 && forms.get(0) instanceof List<?> all) {
            forms = new ArrayList<>(all);
        }
        return new Builder(reader, model, format == Format.EDN).build(forms);
    }

    private static final class Builder {
        private final Located reader;
        private final JepsenModel<?> model;
        private final List<Operation<JepsenOp, Object>> operations = new ArrayList<>();
        private final Map<Long, Open> open = new HashMap<>(); // by process
        private final Map<Long, Integer> clientOf = new HashMap<>(); // process -> current client id
        private int nextClient;
        private int completed;
        private int failed;
        private int unknown;
        private int skipped;

        private record Open(Object event, JepsenOp op, int client, long time) {
        }

        /** EDN events are keyed by keywords, JSON ones by strings: that kind of key is looked up first. */
        private final boolean keywordKeys;

        Builder(Located reader, JepsenModel<?> model, boolean keywordKeys) {
            this.reader = reader;
            this.model = model;
            this.keywordKeys = keywordKeys;
        }

        Imported build(List<Object> events) {
            long time = 0;
            for (Object event : events) {
                accept(event, time++);
            }
            for (Open o : open.values().stream().sorted(java.util.Comparator.comparingLong(Open::time)).toList()) {
                unknown(o);
            }
            // In invocation order, numbered in it. Invocation times are event positions, one operation each: a
            // pass over them places the operations, where a sort by time was a tenth of a small history's import.
            @SuppressWarnings("unchecked")
            Operation<JepsenOp, Object>[] byInvocation = new Operation[events.size()];
            for (Operation<JepsenOp, Object> op : operations) {
                assert byInvocation[(int) op.invokeTime()] == null;
                byInvocation[(int) op.invokeTime()] = op;
            }
            List<Operation<JepsenOp, Object>> renumbered = new ArrayList<>(operations.size());
            for (Operation<JepsenOp, Object> op : byInvocation) {
                if (op != null) {
                    renumbered.add(new Operation<>(renumbered.size(), op.clientId(), op.input(), op.output(),
                            op.invokeTime(), op.returnTime()));
                }
            }
            return new Imported(History.of(renumbered), events.size(), completed, failed, unknown, skipped);
        }

        private void accept(Object event, long time) {
            if (!(event instanceof Map<?, ?> map)) {
                throw reader.error(event, "an event must be a map with :type, :process, :f and :value, found "
                        + Values.show(event));
            }
            String type = Values.name(field(map, "type"));
            if (type == null) {
                throw reader.error(event, "the event has no :type (:invoke, :ok, :fail or :info)");
            }
            Object process = field(map, "process");
            if (!(process instanceof Long p)) {
                if (process == null) {
                    throw reader.error(event, "the event has no :process");
                }
                skipped++; // the nemesis, or another non-client actor
                return;
            }
            String f = Values.name(field(map, "f"));
            if (f == null) {
                throw reader.error(event, "the event has no :f (or it is not a keyword or string): "
                        + Values.show(field(map, "f")));
            }
            Object value = field(map, "value");
            Open pending = open.get(p);
            switch (type) {
                case "invoke" -> {
                    if (pending != null) {
                        throw reader.error(event, "process " + p + " invokes :" + f
                                + " while its :" + pending.op().f() + " (at " + reader.where(pending.event())
                                + ") has not completed");
                    }
                    JepsenOp op = new JepsenOp(f, value);
                    check(event, op, null, false);
                    int client = clientOf.computeIfAbsent(p, k -> nextClient++);
                    open.put(p, new Open(event, op, client, time));
                }
                case "ok", "fail", "info" -> {
                    if (pending == null) {
                        if (type.equals("info")) {
                            skipped++; // Jepsen logs some :info events with no invocation (e.g. a crashed client)
                            return;
                        }
                        throw reader.error(event, "process " + p + " completes :" + f + " (:" + type
                                + ") but has no open invocation");
                    }
                    if (!pending.op().f().equals(f)) {
                        throw reader.error(event, "process " + p + " completes :" + f + " (:" + type
                                + ") but its open invocation is :" + pending.op().f() + " (at " + reader.where(pending.event())
                                + ")");
                    }
                    open.remove(p);
                    if (type.equals("ok")) {
                        check(event, pending.op(), value, true);
                        operations.add(Operation.completed(operations.size(), pending.client(), pending.op(), value,
                                pending.time(), time));
                        completed++;
                    } else if (type.equals("fail")) {
                        failed++;
                    } else {
                        unknown(pending);
                        clientOf.put(p, nextClient++); // the process is retired: a reuse of its number is a new client
                    }
                }
                default -> throw reader.error(event, "unknown event :type :" + type
                        + " (expected :invoke, :ok, :fail or :info)");
            }
        }

        private void unknown(Open o) {
            operations.add(Operation.unknownOutcome(operations.size(), o.client(), o.op(), o.time()));
            unknown++;
        }

        private void check(Object event, JepsenOp op, Object output, boolean completed) {
            String problem = model.malformed(op, output, completed);
            if (problem != null) {
                throw reader.error(event, problem);
            }
        }

        /**
         * A field by keyword (EDN) or string (JSON) name, the format's own kind first (either is accepted in both):
         * a JSON event then costs one lookup per field, not a missed keyword lookup (a Keyword made and hashed) first.
         */
        private Object field(Map<?, ?> map, String name) {
            Object value = keywordKeys ? map.get(new Keyword(name)) : map.get(name);
            if (value != null) {
                return value;
            }
            return keywordKeys ? map.get(name) : map.get(new Keyword(name));
        }
    }
}
