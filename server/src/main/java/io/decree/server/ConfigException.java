package io.decree.server;

/**
 * A cluster configuration that cannot be used: the message names the file, the key and what is wrong with
 * it, so that an operator can fix it without reading code. The command line prints it and exits non-zero.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String source, String key, String problem) {
        super(source + ": " + key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String source, String key, String problem, Throwable cause) {
        super(source + ": " + key + ": " + problem, cause);
        this.key = key;
    }

    /** The offending key, as written in the file (for example {@code members[2].port}). */
    public String key() { return key; }
}
