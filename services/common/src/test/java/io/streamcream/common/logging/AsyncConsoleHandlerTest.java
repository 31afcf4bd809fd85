package io.streamcream.common.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class AsyncConsoleHandlerTest {

    @Test
    void everyRecordReachesTheConsoleInOrder() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AsyncConsoleHandler handler = new AsyncConsoleHandler();
            for (int i = 0; i < 5000; i++) {
                handler.publish(new LogRecord(Level.INFO, "request " + i));
            }
            handler.close();
            handler.publish(new LogRecord(Level.INFO, "after close"));
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text, containsString("request 0"));
        assertThat(text, containsString("request 4999"));
        assertThat(text.indexOf("request 10" + System.lineSeparator()) < text.indexOf("request 11" + System.lineSeparator()),
                is(true));
        assertThat(text.contains("after close"), is(false));
        assertThat(text.lines().filter(l -> l.contains("request ")).count(), is(5000L));
    }
}
