package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.DEVICE;
import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.LIBRARY;
import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.PORT;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_PORT_ATTR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a machine without RDMA sees: each missing layer (library, device, port) is named, with what to do.
 * The no-device case runs for real against the installed libibverbs (this machine has no RDMA NIC and no
 * Soft-RoCE, so {@code ibv_get_device_list} finds nothing); on a machine with a device it is skipped.
 */
class IbverbsTest {

    @Test
    void aMissingLibraryIsNamedWithThePackageToInstall() {
        RdmaUnavailableException e = assertThrows(RdmaUnavailableException.class, () -> Ibverbs.load("libibverbs-absent.so.9"));
        assertEquals(LIBRARY, e.missing());
        assertTrue(e.getMessage().contains("libibverbs-absent.so.9") && e.getMessage().contains("apt-get install -y libibverbs1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("shared-memory") || e.getMessage().contains("decree.libibverbs"), e.getMessage());
    }

    @Test
    void aLibraryWithoutTheVerbsIsRefusedAsMissing() {
        // libc loads but exports no ibv_* symbol: the first lookup fails and names it.
        RdmaUnavailableException e = assertThrows(RdmaUnavailableException.class, () -> Ibverbs.load("libc.so.6"));
        assertEquals(LIBRARY, e.missing());
        assertTrue(e.getMessage().contains("ibv_get_device_list"), e.getMessage());
    }

    @Test
    void noDeviceIsReportedAsAMissingDevice() {
        Ibverbs lib = Ibverbs.get();   // installed here (.ci/run); if not, the skip extension says so
        List<String> devices;
        try {
            devices = lib.deviceNames();
        } catch (RdmaUnavailableException e) {
            assertEquals(DEVICE, e.missing(), e.getMessage());
            assertTrue(e.getMessage().contains("ibv_get_device_list"), e.getMessage());
            assertTrue(e.getMessage().contains("rdma link add rxe0 type rxe"), e.getMessage());
            RdmaUnavailableException open = assertThrows(RdmaUnavailableException.class, () -> VerbsDevice.open(lib, null, 1, 0));
            assertEquals(DEVICE, open.missing());
            System.out.println("[decree] this machine has no RDMA device: " + e.getMessage());
            return;
        }
        Assumptions.abort("this machine has RDMA devices " + devices + "; the no-device path runs on machines without one");
    }

    @Test
    void aPortThatIsNotActiveIsReportedAsAMissingPort() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_PORT_ATTR);
            attr.set(JAVA_INT, VerbsLayouts.offset(IBV_PORT_ATTR, "state"), VerbsConstants.IBV_PORT_DOWN);
            RdmaUnavailableException e = assertThrows(RdmaUnavailableException.class,
                    () -> VerbsDevice.checkActive("mlx5_0", 1, attr));
            assertEquals(PORT, e.missing());
            assertTrue(e.getMessage().contains("port 1 of mlx5_0 is DOWN") && e.getMessage().contains("ibv_devinfo"), e.getMessage());
            attr.set(JAVA_INT, VerbsLayouts.offset(IBV_PORT_ATTR, "state"), VerbsConstants.IBV_PORT_ACTIVE);
            assertDoesNotThrow(() -> VerbsDevice.checkActive("mlx5_0", 1, attr));
        }
        assertThrows(IllegalArgumentException.class, () -> VerbsDevice.open(Ibverbs.get(), null, 0, 0));
    }

    @Test
    void errnoIsDescribedByTheCLibrary() {
        String text = Ibverbs.get().describeErrno(38);
        assertTrue(text.startsWith("errno 38 (") && text.length() > "errno 38 ()".length(), text);
    }
}
