package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Test;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every struct size, member offset and member width of {@link VerbsLayouts}, and every {@link VerbsConstants}
 * value, equals what gcc computes from the installed {@code <infiniband/verbs.h>} ({@link CLayoutProgram}).
 * All differences are reported at once, so one run shows every member that moved.
 */
class VerbsLayoutTest {

    @Test
    void layoutsMatchTheInstalledHeader() {
        Map<String, String> c = CLayoutProgram.output();
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (GroupLayout layout : VerbsLayouts.ALL) {
            String struct = layout.name().orElseThrow();
            compared += compare(c, "sizeof " + struct, layout.byteSize(), wrong);
            for (Map.Entry<String, Long> member : VerbsLayouts.members(layout).entrySet()) {
                String path = struct + "." + member.getKey();
                compared += compare(c, "offsetof " + path, member.getValue(), wrong);
                compared += compare(c, "sizeof " + path, memberSize(layout, member.getKey()), wrong);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + compared + " layout facts differ from gcc's:\n" + String.join("\n", wrong));
        // The structs this package touches have well over a hundred members between them: a walk that
        // found none would make the loop above vacuous.
        assertTrue(compared > 300, "only " + compared + " facts compared");
        System.out.println("[decree] verbs layouts: " + compared + " sizes and offsets equal gcc's for " + VerbsLayouts.ALL.length + " structs");
    }

    @Test
    void constantsMatchTheInstalledHeader() {
        Map<String, String> c = CLayoutProgram.output();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> constants = CLayoutProgram.constants();
        for (Map.Entry<String, Integer> e : constants.entrySet()) compare(c, "const " + e.getKey(), e.getValue(), wrong);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(constants.size() > 40, "only " + constants.size() + " constants found by reflection");
    }

    @Test
    void theContextOpsTheDataPathCallsAreWhereTheHeaderPutsThem() {
        // The three function pointers that stand in for verbs.h's inline wrappers, named explicitly so a
        // reordering of CONTEXT_OPS cannot hide behind the generic walk.
        for (String op : List.of("poll_cq", "post_send", "post_recv")) {
            assertEquals(CLayoutProgram.number("offsetof ibv_context.ops." + op),
                    VerbsLayouts.offset(VerbsLayouts.IBV_CONTEXT, "ops." + op), op);
        }
    }

    private static int compare(Map<String, String> c, String key, long java, List<String> wrong) {
        String printed = c.get(key);
        if (printed == null) wrong.add(key + ": not printed by the C program");
        else if (Long.parseLong(printed) != java) wrong.add(key + ": Java " + java + ", C " + printed);
        return 1;
    }

    private static long memberSize(GroupLayout layout, String path) {
        MemoryLayout at = layout;
        for (String name : path.split("\\.")) at = find((GroupLayout) at, name);
        return at.byteSize();
    }

    private static MemoryLayout find(GroupLayout group, String name) {
        for (MemoryLayout m : group.memberLayouts()) {
            if (m.name().filter(name::equals).isPresent()) return m;
            if (m.name().isEmpty() && m instanceof GroupLayout anonymous) {
                for (MemoryLayout inner : anonymous.memberLayouts())
                    if (inner.name().filter(name::equals).isPresent()) return inner;
            }
        }
        throw new AssertionError("no member " + name);
    }
}
