package io.streamcream.common.streams;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

class StreamRecordsH2IT extends StreamRecordsTests {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of());

    StreamRecordsH2IT() {
        super(ENV);
    }

    @AfterAll
    static void close() {
        ENV.close();
    }
}
