package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.NoSuchElementException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to libibverbs (rdma-core) through the Foreign Function &amp; Memory API.
 *
 * <p>Two kinds of call, because half of the verbs API is not in the library's symbol table:
 * <ul>
 *   <li><b>Exported functions</b>, looked up by name in {@code libibverbs.so.1} ({@code nm -D} lists them with
 *   the default version {@code @@IBVERBS_1.1}, which is what {@code dlsym} returns): {@code ibv_get_device_list},
 *   {@code ibv_free_device_list}, {@code ibv_get_device_name}, {@code ibv_open_device}, {@code ibv_close_device},
 *   {@code ibv_query_port}, {@code ibv_query_gid}, {@code ibv_alloc_pd}, {@code ibv_dealloc_pd},
 *   {@code ibv_reg_mr}, {@code ibv_dereg_mr}, {@code ibv_create_cq}, {@code ibv_destroy_cq},
 *   {@code ibv_create_qp}, {@code ibv_modify_qp}, {@code ibv_destroy_qp}, {@code ibv_wc_status_str}.
 *   <li><b>The data path</b>, {@code ibv_post_send}, {@code ibv_post_recv} and {@code ibv_poll_cq}, which verbs.h
 *   defines as {@code static inline} functions that call {@code qp->context->ops.post_send} (and so on): the
 *   provider driver's function pointers in the {@code struct ibv_context_ops} embedded in every
 *   {@code ibv_context}. There is no symbol to look up; {@link #opsFunction} reads the pointer at its offset in
 *   {@link VerbsLayouts#IBV_CONTEXT} and the call goes through a downcall handle that takes the target address
 *   as its first argument, which is what the C compiler emits for the inline function.
 * </ul>
 * Two verbs.h macros are bypassed on purpose: {@code ibv_query_port} (the macro prefers the extended
 * {@code verbs_context} op and otherwise zeroes the struct and calls the exported function, which is the path
 * taken here) and {@code ibv_reg_mr} (the macro calls the exported {@code ibv_reg_mr} unless
 * {@code IBV_ACCESS_OPTIONAL_RANGE} is set, which this package never sets). docs/rdma.md has the table.
 *
 * <p>Calls that return NULL on failure capture {@code errno} ({@link Linker.Option#captureCallState}) so the
 * exception says why; verbs that return an int return the errno value itself.
 */
@SuppressWarnings("restricted")   // binding a native library is what this class is for; run with --enable-native-access
public final class Ibverbs {
    /** The soname loaded, or the system property {@code decree.libibverbs} (a path or another soname). */
    public static final String LIBRARY = System.getProperty("decree.libibverbs", "libibverbs.so.1");
    public static final String PACKAGE = "libibverbs1";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** The data-path ops neither block nor call back into Java: no thread-state transition needed. */
    private static final Linker.Option SHORT_CALL = Linker.Option.critical(false);

    private final MethodHandle getDeviceList;
    private final MethodHandle freeDeviceList;
    private final MethodHandle getDeviceName;
    private final MethodHandle openDevice;
    private final MethodHandle closeDevice;
    private final MethodHandle queryPort;
    private final MethodHandle queryGid;
    private final MethodHandle allocPd;
    private final MethodHandle deallocPd;
    private final MethodHandle regMr;
    private final MethodHandle deregMr;
    private final MethodHandle createCq;
    private final MethodHandle destroyCq;
    private final MethodHandle createQp;
    private final MethodHandle modifyQp;
    private final MethodHandle destroyQp;
    private final MethodHandle wcStatusStr;
    /** {@code int (*)(struct ibv_qp *, struct ibv_send_wr *, struct ibv_send_wr **)}, also post_recv's shape. */
    final MethodHandle postWr;
    /** {@code int (*)(struct ibv_cq *, int, struct ibv_wc *)}. */
    final MethodHandle pollCq;
    private final MethodHandle strerror;

    private static final class Holder {
        static final Object LOADED = loadOrFailure(LIBRARY);
    }

    private static Object loadOrFailure(String library) {
        try {
            return load(library);
        } catch (RdmaUnavailableException e) {
            return e;
        }
    }

    private Ibverbs(SymbolLookup lib) {
        getDeviceList = bind(lib, "ibv_get_device_list", FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
        freeDeviceList = bind(lib, "ibv_free_device_list", FunctionDescriptor.ofVoid(ADDRESS));
        getDeviceName = bind(lib, "ibv_get_device_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        openDevice = bind(lib, "ibv_open_device", FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
        closeDevice = bind(lib, "ibv_close_device", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        queryPort = bind(lib, "ibv_query_port", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, ADDRESS));
        queryGid = bind(lib, "ibv_query_gid", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, ADDRESS));
        allocPd = bind(lib, "ibv_alloc_pd", FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
        deallocPd = bind(lib, "ibv_dealloc_pd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        regMr = bind(lib, "ibv_reg_mr", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
        deregMr = bind(lib, "ibv_dereg_mr", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        createCq = bind(lib, "ibv_create_cq",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), ERRNO);
        destroyCq = bind(lib, "ibv_destroy_cq", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        createQp = bind(lib, "ibv_create_qp", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), ERRNO);
        modifyQp = bind(lib, "ibv_modify_qp", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        destroyQp = bind(lib, "ibv_destroy_qp", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        wcStatusStr = bind(lib, "ibv_wc_status_str", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        postWr = LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), SHORT_CALL);
        pollCq = LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), SHORT_CALL);
        strerror = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("strerror"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(lib.findOrThrow(name), descriptor, options);
    }

    /** The process-wide binding to {@value #LIBRARY}; throws {@link RdmaUnavailableException} (LIBRARY) if absent. */
    public static Ibverbs get() {
        Object loaded = Holder.LOADED;
        if (loaded instanceof RdmaUnavailableException e) {
            throw new RdmaUnavailableException(RdmaUnavailableException.Missing.LIBRARY, cannotLoad(LIBRARY, e.getCause()), e.getCause());
        }
        return (Ibverbs) loaded;
    }

    /** Loads bindings from {@code library}; tests pass a wrong name to check the missing-library error. */
    static Ibverbs load(String library) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new RdmaUnavailableException(RdmaUnavailableException.Missing.LIBRARY, cannotLoad(library, e), e);
        }
        try {
            return new Ibverbs(lookup);
        } catch (NoSuchElementException e) {
            throw new RdmaUnavailableException(RdmaUnavailableException.Missing.LIBRARY, cannotLoad(library, e), e);
        }
    }

    private static String cannotLoad(String library, Throwable cause) {
        return "cannot load " + library + " (" + (cause == null ? "?" : cause.getMessage()) + ")";
    }

    // ---- device list, context, port ------------------------------------------------------------------------

    /** The names of the RDMA devices; throws (DEVICE) when there are none or the kernel has no RDMA support. */
    public java.util.List<String> deviceNames() {
        return withDeviceList(list -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < list.count(); i++) names.add(list.name(i));
            return names;
        });
    }

    /** A device list while {@code use} runs; freed after. */
    interface DeviceList {
        int count();
        MemorySegment device(int i);
        String name(int i);
    }

    <T> T withDeviceList(java.util.function.Function<DeviceList, T> use) {
        MemorySegment list;
        int count;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment n = call.allocate(JAVA_INT);
            MemorySegment state = call.allocate(CALL_STATE);
            list = (MemorySegment) getDeviceList.invokeExact(state, n);
            if (list.equals(MemorySegment.NULL)) {
                int errno = errno(state);
                throw new RdmaUnavailableException(RdmaUnavailableException.Missing.DEVICE,
                        "ibv_get_device_list failed: " + describeErrno(errno) + (errno == 38
                                ? " (the kernel has no RDMA subsystem: no ib_uverbs, no /sys/class/infiniband)" : ""));
            }
            count = n.get(JAVA_INT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_get_device_list call failed", t);
        }
        MemorySegment devices = list.reinterpret(ADDRESS.byteSize() * (count + 1L));
        try {
            if (count == 0) {
                throw new RdmaUnavailableException(RdmaUnavailableException.Missing.DEVICE,
                        "ibv_get_device_list returned 0 devices");
            }
            return use.apply(new DeviceList() {
                @Override public int count() { return count; }
                @Override public MemorySegment device(int i) {
                    java.util.Objects.checkIndex(i, count);
                    return devices.getAtIndex(ADDRESS, i);
                }
                @Override public String name(int i) {
                    return cString(call(getDeviceName, device(i)), "ibv_get_device_name");
                }
            });
        } finally {
            try {
                freeDeviceList.invokeExact(list);
            } catch (Throwable t) {
                throw new IllegalStateException("ibv_free_device_list call failed", t);
            }
        }
    }

    /** {@code ibv_open_device}: an {@code ibv_context}, sized to {@link VerbsLayouts#IBV_CONTEXT}. */
    MemorySegment openDevice(MemorySegment device, String name) {
        return checked(openDevice, "ibv_open_device(" + name + ")", device).reinterpret(VerbsLayouts.IBV_CONTEXT.byteSize());
    }

    void closeDevice(MemorySegment context) {
        rc(closeDevice, "ibv_close_device", context);
    }

    /** {@code ibv_query_port} into {@code attr} (an {@link VerbsLayouts#IBV_PORT_ATTR}); returns the errno value, 0 on success. */
    int queryPort(MemorySegment context, int port, MemorySegment attr) {
        attr.fill((byte) 0);   // as verbs.h's inline wrapper does before the exported call
        try {
            return (int) queryPort.invokeExact(context, (byte) port, attr);
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_query_port call failed", t);
        }
    }

    /** {@code ibv_query_gid}: the 16-byte GID at {@code index} of {@code port} (RoCE addresses peers by GID). */
    void queryGid(MemorySegment context, int port, int index, MemorySegment gid16) {
        int rc;
        try {
            rc = (int) queryGid.invokeExact(context, (byte) port, index, gid16);
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_query_gid call failed", t);
        }
        if (rc != 0) throw new VerbsException("ibv_query_gid(port " + port + ", index " + index + ") failed: " + describeErrno(rc));
    }

    // ---- protection domain, memory registration ------------------------------------------------------------

    MemorySegment allocPd(MemorySegment context) {
        return checked(allocPd, "ibv_alloc_pd", context).reinterpret(VerbsLayouts.IBV_PD.byteSize());
    }

    void deallocPd(MemorySegment pd) {
        rc(deallocPd, "ibv_dealloc_pd", pd);
    }

    /** {@code ibv_reg_mr(pd, memory, memory.byteSize(), access)}: an {@code ibv_mr} with its keys. */
    MemorySegment regMr(MemorySegment pd, MemorySegment memory, int access) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            MemorySegment mr = (MemorySegment) regMr.invokeExact(state, pd, memory, memory.byteSize(), access);
            if (mr.equals(MemorySegment.NULL)) {
                throw new VerbsException("ibv_reg_mr(" + memory.byteSize() + " bytes, access " + access + ") failed: "
                        + describeErrno(errno(state)));
            }
            return mr.reinterpret(VerbsLayouts.IBV_MR.byteSize());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_reg_mr call failed", t);
        }
    }

    void deregMr(MemorySegment mr) {
        rc(deregMr, "ibv_dereg_mr", mr);
    }

    // ---- completion queue, queue pair ----------------------------------------------------------------------

    /** {@code ibv_create_cq(context, entries, NULL, NULL, 0)}: polled, so no completion channel. */
    MemorySegment createCq(MemorySegment context, int entries) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            MemorySegment cq = (MemorySegment) createCq.invokeExact(state, context, entries, MemorySegment.NULL,
                    MemorySegment.NULL, 0);
            if (cq.equals(MemorySegment.NULL)) {
                throw new VerbsException("ibv_create_cq(" + entries + ") failed: " + describeErrno(errno(state)));
            }
            return cq.reinterpret(VerbsLayouts.IBV_CQ.byteSize());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_create_cq call failed", t);
        }
    }

    void destroyCq(MemorySegment cq) {
        rc(destroyCq, "ibv_destroy_cq", cq);
    }

    MemorySegment createQp(MemorySegment pd, MemorySegment initAttr) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            MemorySegment qp = (MemorySegment) createQp.invokeExact(state, pd, initAttr);
            if (qp.equals(MemorySegment.NULL)) {
                throw new VerbsException("ibv_create_qp failed: " + describeErrno(errno(state)));
            }
            return qp.reinterpret(VerbsLayouts.IBV_QP.byteSize());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_create_qp call failed", t);
        }
    }

    /** {@code ibv_modify_qp}; returns the errno value (0 on success) so a caller can fall back. */
    int modifyQp(MemorySegment qp, MemorySegment attr, int mask) {
        try {
            return (int) modifyQp.invokeExact(qp, attr, mask);
        } catch (Throwable t) {
            throw new IllegalStateException("ibv_modify_qp call failed", t);
        }
    }

    void destroyQp(MemorySegment qp) {
        rc(destroyQp, "ibv_destroy_qp", qp);
    }

    // ---- the ops table -------------------------------------------------------------------------------------

    /**
     * The provider's function pointer {@code context->ops.<name>} ({@code poll_cq}, {@code post_send},
     * {@code post_recv}): what verbs.h's inline wrappers call.
     */
    static MemorySegment opsFunction(MemorySegment context, String name) {
        MemorySegment fn = context.get(ADDRESS, VerbsLayouts.offset(VerbsLayouts.IBV_CONTEXT, "ops." + name));
        if (fn.equals(MemorySegment.NULL)) throw new VerbsException("the provider has no ops." + name);
        return fn;
    }

    // ---- strings and errors --------------------------------------------------------------------------------

    String wcStatus(int status) {
        return cString(call(wcStatusStr, status), "ibv_wc_status_str");
    }

    String describeErrno(int errno) {
        String text;
        try {
            text = cString((MemorySegment) strerror.invokeExact(errno), "strerror");
        } catch (Throwable t) {
            text = "?";
        }
        return "errno " + errno + " (" + text + ")";
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    private MemorySegment checked(MethodHandle handle, String what, MemorySegment arg) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            MemorySegment result = (MemorySegment) handle.invokeExact(state, arg);
            if (result.equals(MemorySegment.NULL)) throw new VerbsException(what + " failed: " + describeErrno(errno(state)));
            return result;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(what + " call failed", t);
        }
    }

    private void rc(MethodHandle handle, String what, MemorySegment arg) {
        int rc;
        try {
            rc = (int) handle.invokeExact(arg);
        } catch (Throwable t) {
            throw new IllegalStateException(what + " call failed", t);
        }
        if (rc != 0) throw new VerbsException(what + " failed: " + describeErrno(rc));
    }

    private static MemorySegment call(MethodHandle handle, MemorySegment arg) {
        try {
            return (MemorySegment) handle.invokeExact(arg);
        } catch (Throwable t) {
            throw new IllegalStateException("libibverbs call failed", t);
        }
    }

    private static MemorySegment call(MethodHandle handle, int arg) {
        try {
            return (MemorySegment) handle.invokeExact(arg);
        } catch (Throwable t) {
            throw new IllegalStateException("libibverbs call failed", t);
        }
    }

    private static String cString(MemorySegment s, String what) {
        return s.equals(MemorySegment.NULL) ? "(" + what + " returned NULL)" : s.reinterpret(4096).getString(0);
    }
}
