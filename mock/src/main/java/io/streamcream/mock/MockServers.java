package io.streamcream.mock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ClasspathFileSource;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.standalone.JsonFileMappingsSource;

/**
 * The four mock services: one WireMock server per StreamCream port, each loading the JSON mappings
 * of {@code mappings/<service>/} from the classpath and the bodies of {@code mock-files/__files/}.
 *
 * <p>Command line: {@code MockServers [--offset N] [--bind ADDRESS] [--verbose]} starts them on
 * 9080, 5001, 8888 and 9880 (each plus N), bound to 127.0.0.1 unless told otherwise, and runs until
 * the process is stopped.
 */
public final class MockServers implements AutoCloseable {

    /** The services in port order: mapping folder name and real port. */
    public static final Map<String, Integer> SERVICES;

    static {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("login", 9080);
        services.put("tts", 5001);
        services.put("streaming", 8888);
        services.put("sovits", 9880);
        SERVICES = Collections.unmodifiableMap(services);
    }

    private final Map<String, WireMockServer> servers;

    private MockServers(Map<String, WireMockServer> servers) {
        this.servers = servers;
    }

    /**
     * Starts the four mocks on the real ports shifted by an offset.
     *
     * @param bind    address to bind, e.g. {@code 127.0.0.1}
     * @param offset  added to every real port
     * @param verbose whether WireMock logs every request
     * @return the running mocks
     */
    public static MockServers start(String bind, int offset, boolean verbose) {
        return start(bind, portsShiftedBy(offset), verbose);
    }

    /**
     * The port each mock takes when the real ports are shifted by an offset.
     *
     * @param offset added to every real port
     * @return service name to port, in {@link #SERVICES} order
     * @throws IllegalArgumentException if a shifted port falls outside 1–65535
     */
    static Map<String, Integer> portsShiftedBy(int offset) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        SERVICES.forEach((name, port) -> {
            int shifted = port + offset;
            if (shifted < 1 || shifted > 65535) {
                throw new IllegalArgumentException("--offset " + offset + " puts " + name + " on port " + shifted
                        + ", outside 1-65535");
            }
            ports.put(name, shifted);
        });
        return ports;
    }

    /**
     * Starts every mock on a free port (tests).
     *
     * @return the running mocks, bound to 127.0.0.1
     */
    public static MockServers startOnFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        SERVICES.keySet().forEach(name -> ports.put(name, 0));
        return start("127.0.0.1", ports, false);
    }

    private static MockServers start(String bind, Map<String, Integer> ports, boolean verbose) {
        Map<String, WireMockServer> started = new LinkedHashMap<>();
        try {
            ports.forEach((name, port) -> {
                WireMockServer server = new WireMockServer(configuration(name, bind, port, verbose));
                started.put(name, server);
                server.start();
            });
        } catch (RuntimeException e) {
            started.values().forEach(WireMockServer::stop);
            throw e;
        }
        return new MockServers(started);
    }

    private static WireMockConfiguration configuration(String service, String bind, int port, boolean verbose) {
        ClassLoader loader = MockServers.class.getClassLoader();
        return WireMockConfiguration.options()
                .port(port)
                .bindAddress(bind)
                .disableRequestJournal()
                .containerThreads(12)
                .fileSource(new ClasspathFileSource(loader, "mock-files"))
                .mappingSource(new JsonFileMappingsSource(new ClasspathFileSource(loader, "mappings/" + service), null))
                .notifier(new ConsoleNotifier(verbose));
    }

    /**
     * @param service {@code login}, {@code tts}, {@code streaming} or {@code sovits}
     * @return the port its mock listens on
     */
    public int port(String service) {
        WireMockServer server = servers.get(service);
        if (server == null) {
            throw new IllegalArgumentException("no mock service " + service + "; known: " + SERVICES.keySet());
        }
        return server.port();
    }

    /**
     * @param service a service name
     * @return its base URL, e.g. {@code http://127.0.0.1:9080}
     */
    public String baseUrl(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    /**
     * @param service a service name
     * @return how many mappings its mock has loaded
     */
    public int mappings(String service) {
        return servers.get(service).getStubMappings().size();
    }

    @Override
    public void close() {
        servers.values().forEach(WireMockServer::stop);
    }

    /**
     * Starts the four mocks and blocks until the process ends.
     *
     * @param args {@code [--offset N] [--bind ADDRESS] [--verbose]}
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        int offset = 0;
        String bind = "127.0.0.1";
        boolean verbose = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "--offset" -> offset = Integer.parseInt(value(rest, arg));
                case "--bind" -> bind = value(rest, arg);
                case "--verbose" -> verbose = true;
                case "--help", "-h" -> {
                    System.out.println("usage: MockServers [--offset N] [--bind ADDRESS] [--verbose]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + " (usage: MockServers [--offset N] [--bind ADDRESS] [--verbose])");
            }
        }
        MockServers mocks = start(bind, offset, verbose);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mocks.close();
            stopped.countDown();
        }, "mock-shutdown"));
        for (String service : SERVICES.keySet()) {
            System.out.printf("mock %-9s http://%s:%d  (%d mappings)%n", service, bind, mocks.port(service),
                    mocks.mappings(service));
        }
        System.out.println("Apifox payloads of §4.1: add the header X-Mock-Payload: apifox. Ctrl+C stops the mocks.");
        stopped.await();
    }

    private static String value(List<String> rest, String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }
}
