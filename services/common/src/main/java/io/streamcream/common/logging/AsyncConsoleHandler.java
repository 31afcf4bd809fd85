package io.streamcream.common.logging;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that writes to standard output from a background thread, in
 * batches, so request threads never wait for the console. Used for the access log of every port
 * ({@code streamcream.access.handlers} in {@code logging.properties}).
 *
 * <p>Written here because JUL has no asynchronous handler and the project logs through JUL
 * (Helidon's default); with a synchronous console handler the access log alone cost two thirds of
 * the throughput of {@code GET /api/users/me} under 100 connections. When the queue (64 Ki records)
 * is full, records are dropped and counted rather than slowing requests down.
 */
public final class AsyncConsoleHandler extends Handler {

    private static final int CAPACITY = 65_536;

    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    private final Thread writer;
    private volatile boolean closed;

    /** Creates the handler with a {@link SimpleFormatter} and starts its writer thread. */
    public AsyncConsoleHandler() {
        String formatter = LogManager.getLogManager().getProperty(getClass().getName() + ".formatter");
        setFormatter(formatter == null ? new SimpleFormatter() : instantiate(formatter));
        writer = Thread.ofPlatform().daemon().name("streamcream-async-log").start(this::drain);
    }

    private static java.util.logging.Formatter instantiate(String className) {
        try {
            return (java.util.logging.Formatter) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new SimpleFormatter();
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        List<LogRecord> batch = new ArrayList<>(1024);
        while (!closed || !queue.isEmpty()) {
            try {
                LogRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (LogRecord record : batch) {
                    out.write(getFormatter().format(record));
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.write("WARNING: access log queue full, " + lost + " records dropped" + System.lineSeparator());
                }
                out.flush();
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                reportError("Async log write failed", e instanceof Exception ex ? ex : null, 1);
                batch.clear();
            }
        }
    }

    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
