package io.decree.engine.storage.log;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * What the file and NVM logs' damage tests start from: a closed template log of {@link #RECORDS} records (so
 * every one of them was synced, that is acknowledged), and a fresh copy of it for each trial to damage.
 */
abstract class LogDamageFixture {
    static final LogOptions OPTIONS = new LogOptions(4 << 10, 1 << 10);
    static final int EXTRA = 400;
    static final int RECORDS = 60;

    @TempDir Path root;
    Path template;
    StoredRecords stored;

    /** The log under test. */
    abstract LogKind kind();

    @BeforeEach
    void writeTemplateLog() {
        template = root.resolve("template");
        stored = StoredRecords.writeTemplate(kind(), template, OPTIONS, RECORDS, EXTRA);
    }

    /** A copy of the template under {@code name}, to damage. */
    Path copyOfTemplate(String name) {
        Path dir = root.resolve(name);
        StoredRecords.copy(template, dir);
        return dir;
    }
}
