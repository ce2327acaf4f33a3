package io.decree.lin.jepsen;

import java.util.List;

/** The models {@code decree check-history --model NAME} offers. */
public final class JepsenModels {

    /** Model names, in the order the command line lists them. */
    public static final List<String> NAMES = List.of("register", "cas-register", "kv", "append-kv", "set", "queue",
            "mutex", "multi-register");

    private JepsenModels() {
    }

    /** The model called {@code name} ({@code append} is accepted for {@code append-kv}). */
    public static JepsenModel<?> byName(String name) {
        return switch (name) {
            case "register" -> RegisterModels.register();
            case "cas-register" -> RegisterModels.casRegister();
            case "kv" -> new KvRegisterModel();
            case "append-kv", "append" -> new TxnModel.ListAppend();
            case "set" -> new SetModel();
            case "queue" -> new QueueModel();
            case "mutex" -> new MutexModel();
            case "multi-register" -> new TxnModel.MultiRegister();
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; choose one of "
                    + String.join(", ", NAMES));
        };
    }
}
