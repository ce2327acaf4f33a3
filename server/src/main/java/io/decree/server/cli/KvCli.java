package io.decree.server.cli;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.server.ClusterClients;
import io.decree.server.ClusterConfig;
import io.decree.server.ConfigLoader;
import io.decree.server.LocalCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code decree kv put|get|cas}: the key-value example's client, one command per invocation through a
 * {@link DecreeClient} session (exactly once; get is a linearizable read).
 */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "Put, get and compare-and-set keys in a running cluster.",
        subcommands = {KvCli.Put.class, KvCli.Get.class, KvCli.Cas.class})
public final class KvCli implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /**
     * Which cluster to talk to, and as which client: given before the subcommand ({@code kv --dir D put K V},
     * on {@link KvCli}) or after it ({@code kv put K V --dir D}, on the subcommand's copy); the latter wins.
     */
    static final class Target {
        @Option(names = "--dir", paramLabel = "DIR", description = "a local cluster's directory (decree cluster up)")
        Path dir;

        @Option(names = "--config", paramLabel = "FILE", description = "a cluster file; TLS files from its tls_dir")
        Path config;

        @Option(names = "--client", paramLabel = "ID", description = "the client certificate to use (client-ID; default: 1)")
        Long client;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long (default: 10)")
        Integer timeoutSeconds;

        private static <T> T either(T own, T parent, T fallback) { return own != null ? own : parent != null ? parent : fallback; }

        String run(Target parent, KvCommand command, boolean read) throws TimeoutException, InterruptedException {
            Path dir = either(this.dir, parent.dir, null), file = either(this.config, parent.config, null);
            if ((dir == null) == (file == null))
                throw new Main.UserError(dir == null ? "kv: say which cluster: --dir DIR (from `decree cluster up`) or --config FILE"
                        : "kv: give --dir or --config, not both");
            long id = either(this.client, parent.client, 1L);
            int seconds = either(this.timeoutSeconds, parent.timeoutSeconds, 10);
            if (seconds < 1) throw new Main.UserError("--timeout must be at least 1 second, got " + seconds);
            ClusterConfig cluster = ConfigLoader.load(dir != null ? dir.resolve(LocalCluster.CONFIG) : file);
            DecreeClient.Options options = new DecreeClient.Options(Math.min(1_000, seconds * 1_000L), seconds * 1_000L);
            try (DecreeClient session = ClusterClients.connect(cluster, cluster.tlsDir(), id, options)) {
                byte[] result = read ? session.read(command.encode()) : session.execute(command.encode());
                return KvStateMachine.result(result);
            }
        }
    }

    @Mixin Target target;

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Set KEY to VALUE; prints the previous value (or (absent)).")
    static final class Put implements Callable<Integer> {
        @Mixin Target target;
        @ParentCommand KvCli parent;
        @Parameters(index = "0", paramLabel = "KEY") String key;
        @Parameters(index = "1", paramLabel = "VALUE") String value;

        @Override public Integer call() throws Exception {
            System.out.println(show(target.run(parent.target, KvCommand.put(key, value), false)));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print KEY's value (or (absent)): a linearizable read.")
    static final class Get implements Callable<Integer> {
        @Mixin Target target;
        @ParentCommand KvCli parent;
        @Parameters(index = "0", paramLabel = "KEY") String key;

        @Override public Integer call() throws Exception {
            String value = target.run(parent.target, KvCommand.get(key), true);
            System.out.println(show(value));
            return value == null ? 1 : 0;
        }
    }

    @Command(name = "cas", mixinStandardHelpOptions = true,
            description = "Set KEY to NEW only if it is EXPECTED; prints true or false (exit status 1 on false).")
    static final class Cas implements Callable<Integer> {
        @Mixin Target target;
        @ParentCommand KvCli parent;
        @Parameters(index = "0", paramLabel = "KEY") String key;
        @Parameters(index = "1", paramLabel = "EXPECTED") String expected;
        @Parameters(index = "2", paramLabel = "NEW") String value;

        @Override public Integer call() throws Exception {
            String swapped = target.run(parent.target, KvCommand.cas(key, expected, value), false);
            System.out.println(swapped);
            return "true".equals(swapped) ? 0 : 1;
        }
    }

    static String show(String value) { return value == null ? "(absent)" : value; }
}
