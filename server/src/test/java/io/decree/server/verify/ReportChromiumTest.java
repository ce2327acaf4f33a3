package io.decree.server.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.engine.protocol.Mutant;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit report renders in a real browser: a report built from a known counterexample (QUORUM_OF_HALF,
 * the first seed that catches it) is loaded in headless Chromium; the page must run its script without an
 * error, and the DOM Chromium dumps must hold the space-time diagram with exactly the lanes and arrows the
 * counterexample's events give. A screenshot is kept in target/verify-report.png. Skipped, with the reason
 * printed, where Debian's chromium is not installed (.ci/run installs it).
 */
class ReportChromiumTest {
    @TempDir Path tmp;

    @Test
    void reportOfAKnownCounterexampleRendersItsSpaceTimeDiagram() throws Exception {
        String chromium = chromium();
        if (chromium == null) System.out.println("ReportChromiumTest skipped: no chromium on the PATH (Debian: apt-get install chromium)");
        assumeTrue(chromium != null, "no chromium on the PATH (Debian: apt-get install chromium)");

        MutantZoo.Hunt hunt = MutantZoo.hunt(Mutant.QUORUM_OF_HALF, 50);
        assertNotNull(hunt.caught(), "QUORUM_OF_HALF must be caught within 50 seeds");
        SimConfig config = hunt.config();
        SimResult failed = hunt.caught();
        SimResult replay = new Simulation(failed.seed(), config, failed.schedule(), TraceValidator.forRun(config), true).run();
        assertFalse(replay.ok(), "the replay fails as the hunt did");
        Finding finding = SimSweep.mutantFinding("planted-mutant", Mutant.QUORUM_OF_HALF, hunt.shape(), failed, failed.schedule(), replay, false);
        VerifyReport report = new VerifyReport("quick", List.of("1/1"), "QUORUM_OF_HALF", 1234,
                List.of(new Stage("planted-mutant", Status.FAIL, "QUORUM_OF_HALF caught", Map.of("runs", failed.seed()), 10)),
                List.of(finding), List.of(hunt.row()), VerifyReport.Coverage.empty());
        Path html = ReportWriter.writeAll(report, tmp.resolve("report"));

        SpaceTime.Diagram expected = SpaceTime.parse(finding.events());
        assertTrue(expected.lanes().containsAll(List.of(1, 2, 3)), "the three replicas are lanes: " + expected.lanes());
        assertTrue(expected.arrows().size() > 10, "a counterexample has messages: " + expected.arrows().size());

        Browser dump = run(chromium, "--dump-dom", html.toUri().toString());
        assertEquals(0, dump.status, "chromium --dump-dom exit status; stderr:\n" + dump.err);
        String dom = dump.out;
        assertTrue(dom.contains("data-rendered=\"1\""), "the script ran and saw one diagram: " + head(dom));
        assertFalse(dom.contains("data-errors="), "a script error was recorded in the page");
        for (String line : dump.err.lines().toList())
            assertFalse(line.contains("CONSOLE") && (line.contains("Error") || line.contains("Uncaught")), "console error: " + line);

        TreeSet<String> lanes = new TreeSet<>();
        Matcher lane = Pattern.compile("<g class=\"lane\" data-lane=\"([^\"]+)\"").matcher(dom);
        while (lane.find()) lanes.add(lane.group(1));
        TreeSet<String> expectedLanes = new TreeSet<>();
        for (int id : expected.lanes()) expectedLanes.add(SpaceTime.laneName(id));
        assertEquals(expectedLanes, lanes, "lanes in the rendered diagram");
        List<String> arrows = new ArrayList<>();
        Matcher arrow = Pattern.compile("<line class=\"arrow[^\"]*\" data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"").matcher(dom);
        while (arrow.find()) arrows.add(arrow.group(1) + "->" + arrow.group(2));
        List<String> expectedArrows = expected.arrows().stream().map(a -> SpaceTime.laneName(a.from()) + "->" + SpaceTime.laneName(a.to())).toList();
        assertEquals(expectedArrows, arrows, "arrows in the rendered diagram, in order");

        Path shot = Path.of("target", "verify-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Browser screenshot = run(chromium, "--screenshot=" + shot, "--window-size=1400,2400", html.toUri().toString());
        assertEquals(0, screenshot.status, "chromium --screenshot exit status; stderr:\n" + screenshot.err);
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the report: " + shot);
        System.out.println("ReportChromiumTest: " + lanes.size() + " lanes, " + arrows.size() + " arrows rendered; screenshot " + shot);
    }

    private record Browser(int status, String out, String err) {}

    private Browser run(String chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + tmp.resolve("profile"), "--no-first-run"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out"), err = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish within 3 minutes: " + cmd);
        }
        return new Browser(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String head(String s) { return s.length() > 400 ? s.substring(0, 400) : s; }

    private static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            for (String name : List.of("chromium", "chromium-browser"))
                if (Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
        return null;
    }
}
