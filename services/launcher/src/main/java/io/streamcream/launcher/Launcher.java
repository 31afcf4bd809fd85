package io.streamcream.launcher;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;

/**
 * Starts the StreamCream services in one JVM, each on its own port, sharing one {@link Platform}
 * (database pool, keys, rate limits). {@code java -jar streamcream.jar} starts all four;
 * {@code java -jar streamcream.jar login tts} starts only those.
 */
public final class Launcher implements AutoCloseable {

    /** Service name to its starter, in start order. */
    static final Map<String, Function<Platform, WebServer>> SERVICES = services();

    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private final Platform platform;
    private final Map<String, WebServer> servers = new LinkedHashMap<>();

    private Launcher(Platform platform) {
        this.platform = platform;
    }

    private static Map<String, Function<Platform, WebServer>> services() {
        Map<String, Function<Platform, WebServer>> services = new LinkedHashMap<>();
        services.put("login", io.streamcream.login.Main::start);
        services.put("tts", io.streamcream.tts.Main::start);
        services.put("streaming", io.streamcream.streaming.Main::start);
        services.put("sovits", io.streamcream.sovits.Main::start);
        return services;
    }

    /**
     * Entry point.
     *
     * @param args service names to start (default: all)
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        List<String> names;
        try {
            names = selected(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Launcher launcher = start(Platform.create(StreamCreamConfig.load()), names);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "streamcream-shutdown"));
        StringBuilder ports = new StringBuilder();
        launcher.servers.forEach((name, server) -> ports.append(' ').append(name).append('=').append(server.port()));
        LOG.log(Level.INFO, "StreamCream started:" + ports);
    }

    /**
     * Parses service names.
     *
     * @param args command-line words
     * @return the services to start, in start order
     */
    static List<String> selected(String[] args) {
        if (args.length == 0) {
            return List.copyOf(SERVICES.keySet());
        }
        List<String> names = new ArrayList<>();
        for (String arg : args) {
            for (String name : arg.split(",")) {
                String key = name.strip().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                if (!SERVICES.containsKey(key)) {
                    throw new IllegalArgumentException("Unknown service '" + name + "'. Known: "
                            + String.join(", ", SERVICES.keySet()));
                }
                if (!names.contains(key)) {
                    names.add(key);
                }
            }
        }
        return names.stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList();
    }

    private static int order(String name) {
        return Arrays.asList(SERVICES.keySet().toArray()).indexOf(name);
    }

    /**
     * Starts the named services; if one fails, the ones already started are stopped.
     *
     * @param platform shared parts (closed by {@link #close()})
     * @param names    services to start
     * @return the running launcher
     */
    public static Launcher start(Platform platform, List<String> names) {
        Launcher launcher = new Launcher(platform);
        try {
            for (String name : names) {
                launcher.servers.put(name, SERVICES.get(name).apply(platform));
            }
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    /**
     * @param name a started service
     * @return its port
     */
    public int port(String name) {
        WebServer server = servers.get(name);
        if (server == null) {
            throw new IllegalArgumentException("Service not started: " + name);
        }
        return server.port();
    }

    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(servers.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            try {
                servers.get(name).stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stopping " + name + " failed", e);
            }
        }
        servers.clear();
        platform.close();
    }
}
