package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The API the simulator uses: recording, budgets, determinism, and the rendered report. */
class CheckerApiTest {

    private static final KvModel<String, String> KV = new KvModel<>();

    @Test
    void recorderProducesTheHistoryAndClosesLeftoversAsUnknown() {
        AtomicLong clock = new AtomicLong();
        HistoryRecorder<KvOp<String, String>, OpResult<String>> recorder = new HistoryRecorder<>(clock::get);
        int put = recorder.invoke(1, KvOp.put("k", "a"));
        clock.set(5);
        int get = recorder.invoke(2, KvOp.get("k"));
        clock.set(7);
        recorder.ok(put, OpResult.ack());
        recorder.ok(get, OpResult.value("a"));
        clock.set(9);
        int timedOut = recorder.invoke(1, KvOp.put("k", "b"));
        recorder.unknown(timedOut);
        int leftOver = recorder.invoke(2, KvOp.delete("k"));

        History<KvOp<String, String>, OpResult<String>> history = recorder.history();
        assertEquals(4, history.size());
        assertEquals(Operation.completed(put, 1, KvOp.put("k", "a"), OpResult.ack(), 0, 7), history.operations().get(0));
        assertTrue(history.operations().get(timedOut).isUnknown());
        assertTrue(history.operations().get(leftOver).isUnknown());
        assertTrue(LinearizabilityChecker.check(history, KV).isLinearizable());
    }

    @Test
    void recorderRejectsMisuseWithClearMessages() {
        AtomicLong clock = new AtomicLong(10);
        HistoryRecorder<KvOp<String, String>, OpResult<String>> recorder = new HistoryRecorder<>(clock::get);
        int op = recorder.invoke(1, KvOp.get("k"));
        var twice = assertThrows(IllegalStateException.class, () -> recorder.invoke(1, KvOp.get("k")));
        assertTrue(twice.getMessage().contains("client 1"), twice.getMessage());
        recorder.ok(op, OpResult.absent());
        assertThrows(IllegalStateException.class, () -> recorder.unknown(op));
        assertThrows(IllegalArgumentException.class, () -> recorder.ok(42, OpResult.absent()));
        clock.set(3);
        var backwards = assertThrows(IllegalStateException.class, () -> recorder.invoke(2, KvOp.get("k")));
        assertTrue(backwards.getMessage().contains("backwards"), backwards.getMessage());
    }

    @Test
    void historyRejectsNonSequentialClients() {
        var error = assertThrows(IllegalArgumentException.class, () -> History.<RegisterOp<Integer>, OpResult<Integer>>builder()
                .add(1, RegisterOp.write(1), OpResult.ack(), 0, 10)
                .add(1, RegisterOp.read(), OpResult.value(1), 5, 12)
                .build());
        assertTrue(error.getMessage().contains("client 1 is not sequential"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Operation.completed(0, 1, RegisterOp.read(), OpResult.absent(), 10, 5));
    }

    @Test
    void stepBudgetGivesUnknownInsteadOfHanging() {
        var history = SyntheticHistories.keyValue(3, new SyntheticHistories.Shape(400, 1, 6, 0.1, 20));
        var tiny = LinearizabilityChecker.Options.defaults().withMaxStepsPerPartition(50);
        CheckResult<?, ?> result = LinearizabilityChecker.check(history, KV, tiny);
        CheckResult.Unknown<?, ?> unknown = assertInstanceOf(CheckResult.Unknown.class, result, result::summary);
        assertTrue(unknown.summary().startsWith("unknown (budget exceeded)"), unknown.summary());
        assertTrue(LinearizabilityChecker.check(history, KV).isLinearizable());
    }

    @Test
    void checkingIsDeterministic() {
        var history = SyntheticHistoriesTest.corruptOneRead(
                SyntheticHistories.keyValue(11, new SyntheticHistories.Shape(150, 2, 4, 0.05, 10)),
                new java.util.Random(11), true);
        var first = assertInstanceOf(CheckResult.Violation.class, LinearizabilityChecker.check(history, KV));
        var second = assertInstanceOf(CheckResult.Violation.class, LinearizabilityChecker.check(history, KV));
        assertEquals(first.text(), second.text());
        assertEquals(first.html(), second.html());
    }

    /** {@link RegisterModel} counting the calls that render operations and states for people. */
    private static final class CountingDescriptions implements Model<RegisterModel.Cell<Integer>, RegisterOp<Integer>,
            OpResult<Integer>> {
        private final RegisterModel<Integer> register = new RegisterModel<>();
        final java.util.concurrent.atomic.AtomicInteger described = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public RegisterModel.Cell<Integer> init() {
            return register.init();
        }

        @Override
        public java.util.Optional<RegisterModel.Cell<Integer>> step(RegisterModel.Cell<Integer> state,
                RegisterOp<Integer> input, OpResult<Integer> output) {
            return register.step(state, input, output);
        }

        @Override
        public java.util.Optional<RegisterModel.Cell<Integer>> stepUnknown(RegisterModel.Cell<Integer> state,
                RegisterOp<Integer> input) {
            return register.stepUnknown(state, input);
        }

        @Override
        public String describeInput(RegisterOp<Integer> input) {
            described.incrementAndGet();
            return register.describeInput(input);
        }

        @Override
        public String describeOutput(OpResult<Integer> output) {
            described.incrementAndGet();
            return register.describeOutput(output);
        }

        @Override
        public String describeState(RegisterModel.Cell<Integer> state) {
            described.incrementAndGet();
            return register.describeState(state);
        }
    }

    @Test
    void theReportIsRenderedOnlyWhenAskedForAndOnce() {
        History<RegisterOp<Integer>, OpResult<Integer>> history = new Histories.Reg()
                .write(1, 1, 0, 10)
                .write(1, 2, 20, 30)
                .read(2, 1, 40, 50)
                .build();
        CountingDescriptions model = new CountingDescriptions();
        for (LinearizabilityChecker.Shrink shrink : LinearizabilityChecker.Shrink.values()) {
            model.described.set(0);
            var v = assertInstanceOf(CheckResult.Violation.class, LinearizabilityChecker.check(history, model,
                    LinearizabilityChecker.Options.defaults().withShrink(shrink)));
            v.summary();
            assertEquals(0, model.described.get(), shrink + ": the check rendered (part of) the report");
            String text = v.text();
            int rendered = model.described.get();
            assertTrue(rendered > 0, shrink + ": the text names no operation or state: " + text);
            assertEquals(text, v.text());
            assertEquals(rendered, model.described.get(), shrink + ": the text is rendered once");
            String html = v.html();
            assertTrue(html.contains(escapeForHtml(text.lines().findFirst().orElseThrow())), "html embeds the text");
            rendered = model.described.get();
            assertSame(html, v.html());
            assertEquals(rendered, model.described.get(), shrink + ": the page is rendered once");
            assertSame(v.longestPartial(), v.longestPartial());
            assertEquals(2, v.longestPartial().size(), "write 1, write 2: then the read of 1 cannot come next");
        }
    }

    private static String escapeForHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Test
    void violationRendersAsTextAndHtmlTimeline() throws Exception {
        History<RegisterOp<Integer>, OpResult<Integer>> history = new Histories.Reg()
                .write(1, 1, 0, 10)
                .write(1, 2, 20, 30)
                .writeUnknown(3, 3, 22)
                .read(2, 1, 40, 50)
                .build();
        var result = LinearizabilityChecker.check(history, new RegisterModel<>(),
                LinearizabilityChecker.Options.defaults());
        var v = assertInstanceOf(CheckResult.Violation.class, result);
        Path file = v.writeHtml(Path.of("target", "linearizability", "violation-example.html"));
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "inline SVG timeline");
        for (Object op : v.minimal().operations()) {
            Operation<?, ?> o = (Operation<?, ?>) op;
            assertTrue(html.contains("#" + o.id() + " " + o.input()), "missing " + o);
            assertTrue(v.text().contains(o.input().toString()), "text misses " + o);
        }
        assertTrue(html.contains("client 1") && html.contains("client 2"), "one lane per client");
        assertTrue(html.contains("fill=\"#d9403a\""), "offending operations highlighted");
        assertTrue(html.contains("stroke-dasharray"), "the unknown outcome is drawn open-ended in the context view");
        assertTrue(html.contains("write(3) → ?"), "the unknown operation is labelled");
        // The longest partial linearization is listed in order, as the violation gives it.
        var partial = (java.util.List<?>) v.longestPartial();
        assertTrue(!partial.isEmpty(), v::text);
        assertTrue(html.contains("Longest partial linearization: " + partial.size() + " of 4 operations"), html);
        int at = html.indexOf("<ol class=\"partial\">");
        for (Object op : partial) {
            Operation<?, ?> o = (Operation<?, ?>) op;
            int next = html.indexOf("#" + o.id() + " " + o.input(), at);
            assertTrue(next > at, "partial linearization out of order at " + o);
            at = next;
        }
    }

    @Test
    void deterministicModelFromASequentialImplementation() {
        // A counter: "inc" returns the new value. Two overlapping incs that both return 1 cannot be linearized.
        Model<Integer, String, Integer> counter = Model.deterministic(0,
                (state, input) -> new Model.Sequential.Outcome<>(state + 1, state + 1));
        History<String, Integer> fine = History.<String, Integer>builder()
                .add(1, "inc", 2, 0, 10).add(2, "inc", 1, 5, 15).addUnknown(3, "inc", 20).add(1, "inc", 4, 30, 40)
                .build();
        assertTrue(LinearizabilityChecker.check(fine, counter).isLinearizable());
        History<String, Integer> lost = History.<String, Integer>builder()
                .add(1, "inc", 1, 0, 10).add(2, "inc", 1, 5, 15).build();
        var v = assertInstanceOf(CheckResult.Violation.class, LinearizabilityChecker.check(lost, counter));
        assertEquals(2, v.minimal().size());
        assertTrue(v.partitionKey() == null, "an unpartitioned model checks the whole history");
    }
}
