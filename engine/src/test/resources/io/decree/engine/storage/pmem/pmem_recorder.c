/*
 * A stand-in for libpmem that records what the binding asks of it (LibPmemRecorderTest): the same symbols and
 * signatures as libpmem 1.x, no persistent memory (pmem_map_file maps nothing). Each durability call is counted with its arguments, so a
 * binding that skipped or misaddressed pmem_persist or pmem_msync shows, which no test over a real page cache can.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static long persist_calls, msync_calls, memcpy_persist_calls, unmap_calls;
static uintptr_t last_addr;
static size_t last_len;
static int msync_rc, is_pmem_answer;

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode, size_t *mapped_lenp, int *is_pmemp) {
    (void) path; (void) len; (void) flags; (void) mode; (void) mapped_lenp; (void) is_pmemp;
    return NULL;
}
int pmem_unmap(void *addr, size_t len) { unmap_calls++; last_addr = (uintptr_t) addr; last_len = len; return 0; }
int pmem_is_pmem(const void *addr, size_t len) { (void) addr; (void) len; return is_pmem_answer; }
void pmem_persist(const void *addr, size_t len) { persist_calls++; last_addr = (uintptr_t) addr; last_len = len; }
int pmem_msync(const void *addr, size_t len) { msync_calls++; last_addr = (uintptr_t) addr; last_len = len; return msync_rc; }
void *pmem_memcpy_persist(void *dest, const void *src, size_t len) {
    memcpy(dest, src, len);
    memcpy_persist_calls++; last_addr = (uintptr_t) dest; last_len = len;
    return dest;
}
const char *pmem_errormsg(void) { return "the recorder's msync failed"; }

long recorder_persist_calls(void) { return persist_calls; }
long recorder_msync_calls(void) { return msync_calls; }
long recorder_memcpy_persist_calls(void) { return memcpy_persist_calls; }
long recorder_unmap_calls(void) { return unmap_calls; }
long recorder_last_addr(void) { return (long) last_addr; }
long recorder_last_len(void) { return (long) last_len; }
void recorder_set(int msync_result, int is_pmem) { msync_rc = msync_result; is_pmem_answer = is_pmem; }
