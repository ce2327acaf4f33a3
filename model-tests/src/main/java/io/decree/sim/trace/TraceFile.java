package io.decree.sim.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * One process's trace as read: its header (the window, the spec's alpha, and the initial configuration), its
 * events in file order (clocks strictly increasing), and how many bytes of a torn last line were ignored.
 */
public record TraceFile(Path file, int process, long window, int[] members, List<TraceEvent> events, long tornTailBytes) {}
