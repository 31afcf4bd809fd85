package io.streamcream.bench.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.streamcream.bench.BenchFiles;
import io.streamcream.common.db.DatabaseSettings;
import io.streamcream.common.db.h2.LatestChunkFilePath;

/**
 * How big the embedded H2 file gets under sustained commits on the production URL
 * ({@link DatabaseSettings#embeddedH2Url}): writer threads update their own row (a preference-sized
 * 2 KB value) as fast as they can, one commit per update; the file size is printed every 5 s, then
 * again after a clean close.
 *
 * <p>Arguments: {@code [seconds=120] [writers=4] [rows=1000]} ({@code rows}: how many distinct rows the
 * writers cycle through, i.e. the live data). The database goes to a temporary directory that is
 * removed afterwards.
 */
public final class H2FileGrowthBenchmark {

    private H2FileGrowthBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [seconds] [writers] [rows]}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        LatestChunkFilePath.register();
        Path dir = Files.createTempDirectory("h2-growth-");
        Path database = dir.resolve("growth");
        Path file = dir.resolve("growth.mv.db");
        String url = DatabaseSettings.embeddedH2Url(database);
        LongAdder commits = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            run(url, file, seconds, writers, rows, commits, stop);
        } finally {
            // The file can reach gigabytes: removed whatever happened.
            stop.set(true);
            BenchFiles.deleteTree(dir);
        }
    }

    private static void run(String url, Path file, int seconds, int writers, int rows, LongAdder commits,
                            AtomicBoolean stop) throws Exception {
        try (Connection setup = DriverManager.getConnection(url, "", "");
             Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE prefs (id INT PRIMARY KEY, doc VARCHAR(4000) NOT NULL)");
            try (PreparedStatement insert = setup.prepareStatement("INSERT INTO prefs VALUES (?, ?)")) {
                for (int row = 0; row < rows; row++) {
                    insert.setInt(1, row);
                    insert.setString(2, "x".repeat(2000));
                    insert.executeUpdate();
                }
            }
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> write(url, writer, writers, rows, stop, commits)));
            }
            System.out.printf(Locale.ROOT, "H2 file growth: %d writers, %d live rows of 2 KB, %d s, URL %s%n",
                    writers, rows, seconds, url);
            System.out.println("  t (s)   commits/s   file (MB)");
            long start = System.nanoTime();
            long lastCommits = 0;
            long peak = 0;
            for (int t = 5; t <= seconds; t += 5) {
                Thread.sleep(Math.max(0, start + t * 1_000_000_000L - System.nanoTime()) / 1_000_000);
                long now = commits.sum();
                long size = Files.size(file);
                peak = Math.max(peak, size);
                System.out.printf(Locale.ROOT, "  %5d   %9.0f   %9.1f%n", t, (now - lastCommits) / 5.0, size / 1e6);
                lastCommits = now;
            }
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.printf(Locale.ROOT, "  commits: %d, peak file %.1f MB%n", commits.sum(), peak / 1e6);
        }
        System.out.printf(Locale.ROOT, "  after a clean close: %.1f MB%n", Files.size(file) / 1e6);
    }

    private static void write(String url, int writer, int writers, int rows, AtomicBoolean stop, LongAdder commits) {
        try (Connection connection = DriverManager.getConnection(url, "", "");
             PreparedStatement update = connection.prepareStatement("UPDATE prefs SET doc = ? WHERE id = ?")) {
            for (long n = 0; !stop.get(); n++) {
                int row = (int) ((n * writers + writer) % rows);
                String counter = Long.toString(n);
                update.setString(1, counter + "x".repeat(2000 - counter.length()));
                update.setInt(2, row);
                update.executeUpdate();
                commits.increment();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
