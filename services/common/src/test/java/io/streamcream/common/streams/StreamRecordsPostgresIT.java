package io.streamcream.common.streams;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

class StreamRecordsPostgresIT extends StreamRecordsTests {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.POSTGRES, Map.of());

    StreamRecordsPostgresIT() {
        super(ENV);
    }

    @AfterAll
    static void close() {
        ENV.close();
    }
}
