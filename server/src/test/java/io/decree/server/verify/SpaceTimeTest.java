package io.decree.server.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Event lines become lanes, arrows (from send to delivery) and fault marks; text is escaped in the SVG. */
class SpaceTimeTest {
    private static final List<String> EVENTS = List.of(
            "t=10 deliver 1->2 Phase1a(1.1) from slot 0 (sent t=8)",
            "t=12 CRASH r3",
            "t=13 lost (r3 down) 1->3 Phase2a(1.1) slot 0 <put k=v> (sent t=11)",
            "t=15 deliver 2->1000 ClientReply c1000#1 OK x (sent t=14)",
            "t=20 HEAL",
            "t=21 r2 disk: recovery cut a torn tail");

    @Test
    void linesBecomeLanesArrowsAndMarks() {
        SpaceTime.Diagram d = SpaceTime.parse(EVENTS);
        assertEquals(List.of(1, 2, 3, 1000), d.lanes());
        assertEquals(3, d.arrows().size());
        assertEquals(new SpaceTime.Arrow(1, 2, 8, 10, "Phase1a(1.1) from slot 0", false), d.arrows().get(0));
        assertTrue(d.arrows().get(1).lost());
        assertEquals(2, d.marks().stream().filter(SpaceTime.Mark::fault).count(), "CRASH and HEAL");
        assertEquals(3, d.marks().stream().filter(m -> m.fault() && m.label().equals("CRASH r3")).findFirst().orElseThrow().lane());
        assertEquals(2, d.marks().stream().filter(m -> !m.fault()).findFirst().orElseThrow().lane(), "a replica's note is on its lane");

        String svg = SpaceTime.svg(d);
        assertEquals(4, count(svg, "<g class=\"lane\""));
        assertEquals(3, count(svg, "<line class=\"arrow"));
        assertEquals(1, count(svg, "class=\"arrow lost\""));
        assertTrue(svg.contains("data-lane=\"c1000\""));
        assertTrue(svg.contains("&lt;put k=v&gt;"), "message text is escaped");
        assertFalse(svg.contains("<put"), "no raw markup from event text");
    }

    @Test
    void keepsOnlyTheLastMessagesAndSaysHowManyWereLeftOut() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < SpaceTime.MAX_MESSAGES + 7; i++) many.add("t=" + (i + 1) + " deliver 1->2 Heartbeat (sent t=" + i + ")");
        SpaceTime.Diagram d = SpaceTime.parse(many);
        assertEquals(SpaceTime.MAX_MESSAGES, d.arrows().size());
        assertEquals(7, d.messagesOmitted());
        assertEquals(8, d.arrows().getFirst().delivered());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
