package io.decree.lin.jepsen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Knossos's {@code register} ({@code :read}, {@code :write}) and {@code cas-register} (also {@code :cas [old new]}):
 * one register, initially nil. A successful cas means the register held {@code old}; a failed one ({@code :fail})
 * never reaches the model (the importer drops it: it did not happen).
 */
public final class RegisterModels {

    private RegisterModels() {
    }

    /** The register's content, null before the first write. */
    public record Cell(Object value) {
        @Override
        public String toString() {
            return Values.show(value);
        }
    }

    public static JepsenModel<Cell> register() {
        return new Register("register", Set.of("read", "write"));
    }

    public static JepsenModel<Cell> casRegister() {
        return new Register("cas-register", Set.of("read", "write", "cas"));
    }

    private static final class Register extends JepsenModel<Cell> {
        private static final Cell EMPTY = new Cell(null);

        Register(String name, Set<String> functions) {
            super(name, functions);
        }

        @Override
        public Cell init() {
            return EMPTY;
        }

        @Override
        public Optional<Cell> step(Cell state, JepsenOp input, Object output) {
            return switch (input.f()) {
                case "read" -> output == null || Objects.equals(output, state.value()) ? Optional.of(state)
                        : Optional.empty();
                case "write" -> Optional.of(new Cell(input.value()));
                default -> { // cas
                    List<?> cas = Values.pair(input.value());
                    yield Objects.equals(state.value(), cas.get(0)) ? Optional.of(new Cell(cas.get(1)))
                            : Optional.empty();
                }
            };
        }

        @Override
        public Optional<Cell> stepUnknown(Cell state, JepsenOp input) {
            return switch (input.f()) {
                case "read" -> Optional.of(state);
                case "write" -> Optional.of(new Cell(input.value()));
                default -> {
                    List<?> cas = Values.pair(input.value());
                    yield Optional.of(Objects.equals(state.value(), cas.get(0)) ? new Cell(cas.get(1)) : state);
                }
            };
        }

        @Override
        public boolean isReadOnly(JepsenOp input) {
            return input.f().equals("read");
        }

        @Override
        protected String malformedValue(JepsenOp input, Object output, boolean completed) {
            if (input.f().equals("cas") && Values.pair(input.value()) == null) {
                return ":cas needs the value [old new], was " + Values.show(input.value());
            }
            return null;
        }
    }
}
