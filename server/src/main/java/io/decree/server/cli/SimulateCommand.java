package io.decree.server.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code decree simulate ...}: the simulator's command line ({@code io.decree.sim.cli.Main}), whose options,
 * messages and output stay exactly as they are: every argument is passed through ({@code --help} included).
 */
@Command(name = "simulate", description = "A simulated cluster under faults, seed after seed, every invariant checked (simulate --help).")
public final class SimulateCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "OPTION", description = "the simulator's options, see `decree simulate --help`")
    List<String> arguments = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override public Integer call() {
        List<String> args = new ArrayList<>(arguments.size() + 1);
        args.add("simulate");
        args.addAll(arguments);
        return io.decree.sim.cli.Main.run(args.toArray(String[]::new), System.out,
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }
}
