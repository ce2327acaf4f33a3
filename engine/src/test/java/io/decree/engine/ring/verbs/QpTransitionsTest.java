package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_MTU_1024;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_MTU_4096;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each state transition's attribute mask and {@code struct ibv_qp_attr} bytes equal what C code that brings
 * up an RC queue pair (rc_pingpong's way) passes to {@code ibv_modify_qp}, for an InfiniBand peer (LID) and
 * a RoCE peer (GID, global route).
 */
class QpTransitionsTest {

    @Test
    void masksAreTheOnesAnRcQueuePairNeeds() {
        assertEquals(CLayoutProgram.number("value INIT_MASK"), QpTransitions.INIT_MASK);
        assertEquals(CLayoutProgram.number("value RTR_MASK"), QpTransitions.RTR_MASK);
        assertEquals(CLayoutProgram.number("value RTS_MASK"), QpTransitions.RTS_MASK);
        assertEquals(CLayoutProgram.number("value ERROR_MASK"), QpTransitions.ERROR_MASK);
        assertEquals(CLayoutProgram.number("value REVOKE_MASK"), QpTransitions.REVOKE_MASK);
    }

    @Test
    void attributesAreEncodedAsCEncodesThem() {
        try (Arena arena = Arena.ofConfined()) {
            QpTransitions t = new QpTransitions(arena);
            assertEquals(QpTransitions.INIT_MASK, t.init(1));
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.init"), t.attr().toArray(JAVA_BYTE), "INIT");

            QpEndpoint infiniband = new QpEndpoint(0x123456, 0xabcdef, 0x17, 0, 0);
            assertFalse(infiniband.needsGlobalRoute());
            assertEquals(QpTransitions.RTR_MASK, t.readyToReceive(infiniband, 1, IBV_MTU_4096, 0));
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.rtr_infiniband"), t.attr().toArray(JAVA_BYTE), "RTR, InfiniBand");

            QpEndpoint roce = new QpEndpoint(0x42, 0x777, 0, 0xfe80000000000000L, 0x0202c0fffe000001L);
            assertTrue(roce.needsGlobalRoute());
            assertEquals(QpTransitions.RTR_MASK, t.readyToReceive(roce, 1, IBV_MTU_1024, 3));
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.rtr_roce"), t.attr().toArray(JAVA_BYTE), "RTR, RoCE");

            assertEquals(QpTransitions.RTS_MASK, t.readyToSend(0x654321));
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.rts"), t.attr().toArray(JAVA_BYTE), "RTS");

            assertEquals(QpTransitions.ERROR_MASK, t.error());
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.error"), t.attr().toArray(JAVA_BYTE), "ERROR");

            t.init(1);   // leaves non-zero access flags behind, which revokeAccess must clear
            assertEquals(QpTransitions.REVOKE_MASK, t.revokeAccess());
            assertArrayEquals(CLayoutProgram.bytes("qp_attr.revoke"), t.attr().toArray(JAVA_BYTE), "revoke access");
        }
    }

    @Test
    void endpointsRefuseValuesWiderThanTheWireFields() {
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1 << 24, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1, 1 << 24, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1, 1, 1 << 16, 0, 0));
    }

    @Test
    void accessFlagsAreTheLeastEachRegionNeeds() {
        for (RegionUse use : RegionUse.values()) {
            assertEquals(CLayoutProgram.number("value access." + use.name()), use.accessFlags(), use.name());
        }
        assertEquals(CLayoutProgram.number("value access.QP"), QpTransitions.QP_ACCESS);
        assertThrows(IllegalArgumentException.class, () -> RegionUse.checked(VerbsConstants.IBV_ACCESS_REMOTE_WRITE));
        assertThrows(IllegalArgumentException.class, () -> RegionUse.checked(VerbsConstants.IBV_ACCESS_LOCAL_WRITE
                | VerbsConstants.IBV_ACCESS_REMOTE_READ));
    }
}
