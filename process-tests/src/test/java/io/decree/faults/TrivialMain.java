package io.decree.faults;

import java.util.concurrent.CountDownLatch;

/** A stand-in replica for the process-control tests: says it is ready, then idles, or exits with the status given. */
public final class TrivialMain {
    private TrivialMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready pid=" + ProcessHandle.current().pid() + " args=" + String.join(",", args));
        System.out.flush();
        if (args.length == 2 && args[0].equals("exit")) {
            System.err.println("exiting with status " + args[1]);
            System.exit(Integer.parseInt(args[1]));
        }
        new CountDownLatch(1).await(); // idle until killed
    }
}
