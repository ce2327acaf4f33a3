package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The skip extension skips exactly the tests that failed for want of RDMA, also when the cause is wrapped
 * (a {@link FabricException} from {@code expose} or {@code connect}), and lets every other failure through.
 */
class SkipWithoutRdmaTest {
    private static final ExtensionContext CONTEXT = (ExtensionContext) Proxy.newProxyInstance(
            SkipWithoutRdmaTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("getDisplayName")) return "aTestThatNeedsADevice()";
                throw new UnsupportedOperationException(method.getName());
            });

    @Test void aMissingDeviceBecomesASkipThatSaysWhy() {
        RdmaUnavailableException missing = new RdmaUnavailableException(RdmaUnavailableException.Missing.DEVICE,
                "ibv_get_device_list returned 0 devices");
        Throwable direct = SkipWithoutRdma.skipIfRdmaMissing(CONTEXT, missing);
        assertInstanceOf(TestAbortedException.class, direct);
        assertTrue(direct.getMessage().startsWith("aTestThatNeedsADevice() skipped: RDMA unavailable (device)"), direct.getMessage());

        Throwable wrapped = SkipWithoutRdma.skipIfRdmaMissing(CONTEXT, new FabricException("verbs: cannot expose", missing));
        assertInstanceOf(TestAbortedException.class, wrapped);
        assertSame(missing, wrapped.getCause());
    }

    @Test void otherFailuresPassThrough() {
        AssertionError failure = new AssertionError("frames out of order");
        assertSame(failure, SkipWithoutRdma.skipIfRdmaMissing(CONTEXT, failure));
        VerbsException verbs = new VerbsException("ibv_post_send refused work request 0 of 1");
        assertSame(verbs, SkipWithoutRdma.skipIfRdmaMissing(CONTEXT, new IllegalStateException(verbs)).getCause());
    }
}
