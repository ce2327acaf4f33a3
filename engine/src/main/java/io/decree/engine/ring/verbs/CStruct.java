package io.decree.engine.ring.verbs;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link GroupLayout}s the way a C compiler lays out a struct on LP64 Linux: each member at the next
 * multiple of its own alignment, the whole rounded up to the largest member alignment. The FFM API wants
 * padding spelled out; writing the members as the header declares them and letting this class insert the
 * padding keeps each layout readable side by side with {@code verbs.h}. {@code VerbsLayoutTest} checks every
 * offset against gcc, so a rule this class got wrong cannot go unnoticed.
 */
final class CStruct {
    private CStruct() {}

    static GroupLayout struct(String name, MemoryLayout... members) {
        List<MemoryLayout> laid = new ArrayList<>();
        long offset = 0;
        long alignment = 1;
        for (MemoryLayout member : members) {
            long align = member.byteAlignment();
            long padding = (align - offset % align) % align;
            if (padding > 0) laid.add(MemoryLayout.paddingLayout(padding));
            laid.add(member);
            offset += padding + member.byteSize();
            alignment = Math.max(alignment, align);
        }
        long tail = (alignment - offset % alignment) % alignment;
        if (tail > 0) laid.add(MemoryLayout.paddingLayout(tail));
        GroupLayout layout = MemoryLayout.structLayout(laid.toArray(MemoryLayout[]::new));
        return name == null ? layout : layout.withName(name);
    }

    /** A union padded to its largest alignment, as C does; {@code name} null for an anonymous union. */
    static GroupLayout union(String name, MemoryLayout... members) {
        long size = 0;
        long alignment = 1;
        for (MemoryLayout member : members) {
            size = Math.max(size, member.byteSize());
            alignment = Math.max(alignment, member.byteAlignment());
        }
        MemoryLayout[] all = members;
        long tail = (alignment - size % alignment) % alignment;
        if (tail > 0) {
            // A padded struct of the widest member's size is a union member like any other.
            all = java.util.Arrays.copyOf(members, members.length + 1);
            all[members.length] = MemoryLayout.paddingLayout(size + tail);
        }
        GroupLayout layout = MemoryLayout.unionLayout(all);
        return name == null ? layout : layout.withName(name);
    }
}
