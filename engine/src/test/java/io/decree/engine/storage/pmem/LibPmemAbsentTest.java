package io.decree.engine.storage.pmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link LibPmem#get()} does in a JVM without libpmem, on the two steps it is made of: the load at class
 * initialisation keeps the failure ({@code loadOrFailure}), and every caller gets it thrown afresh, naming the
 * package to install ({@code require}). A JVM initialises the holder once, and this one has libpmem, so the steps
 * are called with a library name that does not exist.
 */
@ExtendWith(SkipWithoutLibPmem.class)
class LibPmemAbsentTest {
    private static final String ABSENT = "libdecree-absent.so.1";

    @Test
    void aLibraryThatCannotBeLoadedIsKeptAsItsFailure() {
        Object loaded = LibPmem.loadOrFailure(ABSENT);
        PmemUnavailableException failure = assertInstanceOf(PmemUnavailableException.class, loaded);
        assertTrue(failure.getMessage().startsWith("cannot load " + ABSENT + " ("), failure.getMessage());
        assertTrue(failure.getMessage().contains("install the Debian package libpmem1"), failure.getMessage());
    }

    @Test
    void eachCallerGetsTheFailureThrownAfreshNamingThePackage() {
        Object loaded = LibPmem.loadOrFailure(ABSENT);
        PmemUnavailableException kept = (PmemUnavailableException) loaded;
        PmemUnavailableException first = assertThrows(PmemUnavailableException.class, () -> LibPmem.require(loaded, ABSENT));
        PmemUnavailableException second = assertThrows(PmemUnavailableException.class, () -> LibPmem.require(loaded, ABSENT));
        assertNotSame(kept, first, "a new exception, with this caller's stack trace");
        assertNotSame(first, second);
        assertSame(kept.getCause(), first.getCause(), "the load's own cause");
        assertEquals(kept.getMessage(), first.getMessage());
    }

    @Test
    void aLoadedLibraryIsReturnedAsItIs() {
        Object loaded = LibPmem.loadOrFailure(LibPmem.LIBRARY);
        assertSame(loaded, LibPmem.require(loaded, LibPmem.LIBRARY)); // throws PmemUnavailableException (a skip) without libpmem
        assertInstanceOf(LibPmem.class, loaded, "the binding itself");
    }
}
