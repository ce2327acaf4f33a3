package io.decree.server.cli;

import picocli.CommandLine.Command;

/** The root command: {@code decree <subcommand>}. */
@Command(name = "decree", mixinStandardHelpOptions = true, version = "decree 0.1.0-SNAPSHOT",
        description = "A multi-Paxos engine and its verification kit: run replicas, a local cluster, a client, the simulator.",
        subcommands = {ServerCommand.class, ClusterCommand.class, KvCli.class, CertsCommand.class, SimulateCommand.class, TraceCheckCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class DecreeCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
