package io.decree.engine.ring.verbs;

/**
 * Run in a child JVM by {@link VerbsFabricUnavailableTest}: opens the verbs fabric as a server would, with
 * whatever {@code -Ddecree.libibverbs} the parent chose, and prints what was missing and the message.
 */
final class NoRdmaProbe {
    public static void main(String[] args) {
        try (VerbsFabric fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), new VerbsRendezvous.InProcess())) {
            System.out.println("OPENED " + fabric.deviceName());
        } catch (RdmaUnavailableException e) {
            System.out.println("MISSING " + e.missing());
            System.out.println(e.getMessage());
        }
    }
}
