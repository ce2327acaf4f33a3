package io.decree.lin;

import static io.decree.lin.OpResult.absent;
import static io.decree.lin.OpResult.ack;
import static io.decree.lin.OpResult.swapped;
import static io.decree.lin.OpResult.value;

/** Short-hand for writing histories by hand in tests. */
final class Histories {

    private Histories() {
    }

    /** A register history builder with one-letter operations. */
    static final class Reg {
        final History.Builder<RegisterOp<Integer>, OpResult<Integer>> b = History.builder();

        Reg write(int client, int v, long inv, long ret) {
            b.add(client, RegisterOp.write(v), ack(), inv, ret);
            return this;
        }

        Reg read(int client, Integer seen, long inv, long ret) {
            b.add(client, RegisterOp.read(), seen == null ? absent() : value(seen), inv, ret);
            return this;
        }

        Reg cas(int client, Integer expected, int update, boolean ok, long inv, long ret) {
            b.add(client, RegisterOp.cas(expected, update), swapped(ok), inv, ret);
            return this;
        }

        Reg writeUnknown(int client, int v, long inv) {
            b.addUnknown(client, RegisterOp.write(v), inv);
            return this;
        }

        Reg casUnknown(int client, Integer expected, int update, long inv) {
            b.addUnknown(client, RegisterOp.cas(expected, update), inv);
            return this;
        }

        History<RegisterOp<Integer>, OpResult<Integer>> build() {
            return b.build();
        }
    }

    /** A key-value history builder. */
    static final class Kv {
        final History.Builder<KvOp<String, String>, OpResult<String>> b = History.builder();

        Kv put(int client, String k, String v, OpResult<String> out, long inv, long ret) {
            b.add(client, KvOp.put(k, v), out, inv, ret);
            return this;
        }

        Kv get(int client, String k, String seen, long inv, long ret) {
            b.add(client, KvOp.get(k), value(seen), inv, ret);
            return this;
        }

        Kv delete(int client, String k, OpResult<String> out, long inv, long ret) {
            b.add(client, KvOp.delete(k), out, inv, ret);
            return this;
        }

        Kv cas(int client, String k, String expected, String update, boolean ok, long inv, long ret) {
            b.add(client, KvOp.cas(k, expected, update), swapped(ok), inv, ret);
            return this;
        }

        Kv unknown(int client, KvOp<String, String> op, long inv) {
            b.addUnknown(client, op, inv);
            return this;
        }

        History<KvOp<String, String>, OpResult<String>> build() {
            return b.build();
        }
    }
}
