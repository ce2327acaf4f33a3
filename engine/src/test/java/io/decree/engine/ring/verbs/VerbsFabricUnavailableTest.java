package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.DEVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening the verbs fabric where RDMA is missing: the exception names the layer. The library case runs in a
 * child JVM with {@code -Ddecree.libibverbs} naming a library that does not exist, since the binding is
 * loaded once per JVM; the device case runs here, against the real libibverbs, on a machine without devices.
 */
class VerbsFabricUnavailableTest {

    @Test void openingWithAWrongLibraryNameSaysTheLibraryIsMissing() throws Exception {
        String out = probe("-Ddecree.libibverbs=libibverbs-wrong.so.1");
        assertTrue(out.startsWith("MISSING LIBRARY\n"), out);
        assertTrue(out.contains("cannot load libibverbs-wrong.so.1") && out.contains("apt-get install -y libibverbs1"), out);
    }

    @Test void openingWithoutADeviceSaysTheDeviceIsMissing() {
        RdmaUnavailableException e;
        try {
            VerbsFabric fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), new VerbsRendezvous.InProcess());
            String name = fabric.deviceName();
            fabric.close();
            Assumptions.abort("this machine has an RDMA device (" + name + "); the no-device path runs where there is none");
            return;
        } catch (RdmaUnavailableException missing) {
            e = missing;
        }
        assertEquals(DEVICE, e.missing(), e.getMessage());
        assertTrue(e.getMessage().startsWith("RDMA unavailable (device): ibv_get_device_list"), e.getMessage());
        RdmaUnavailableException named = assertThrows(RdmaUnavailableException.class, () -> VerbsFabric.open(
                new VerbsOptions("mlx5_7", 1, 0, 64), new VerbsRendezvous.InProcess()));
        assertEquals(DEVICE, named.missing());
    }

    private static String probe(String property) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", property,
                "-cp", System.getProperty("java.class.path"), NoRdmaProbe.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe JVM did not exit in 60 s: " + out);
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
