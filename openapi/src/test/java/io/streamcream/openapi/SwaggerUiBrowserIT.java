package io.streamcream.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.streamcream.common.server.ServiceServer;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Swagger UI really renders each service's document, offline: headless Chromium (Debian's package,
 * installed by {@code .ci/run}) loads {@code /api-docs} from a server that serves the document, with
 * every other host unreachable, and the rendered page lists the service's operations. Screenshots
 * are kept in {@code target/swagger-ui-<service>.png}.
 */
class SwaggerUiBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of());

    /** Chromium profiles, removed by JUnit after each test. */
    @TempDir
    Path profiles;

    @AfterAll
    static void close() {
        ENV.close();
    }

    private static List<String> chromium(Path profile, String... extra) {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                // Offline: only the test server on 127.0.0.1 can be reached.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--virtual-time-budget=8000", "--window-size=1280,1600"));
        command.addAll(List.of(extra));
        return command;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            assertThat("chromium finished", process.waitFor(60, TimeUnit.SECONDS), is(true));
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"login,/api/auth/login", "tts,/api/tts/synthesize", "streaming,/api/streaming/status", "sovits,/tts"})
    void swaggerUiRendersTheDocumentOffline(String service, String knownPath) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (.ci/run installs it)");
        WebServer server = ServiceServer.start(ENV.platform(), new ServiceServer.Definition(service, false, routing -> { }), 0);
        try {
            String page = "http://127.0.0.1:" + server.port() + "/api-docs";
            String dom = run(chromium(Files.createTempDirectory(profiles, "chromium-profile-"), "--dump-dom", page));
            assertThat(dom, containsString("swagger-ui"));
            assertThat(dom, containsString("opblock"));
            assertThat(dom, containsString(knownPath));
            Path screenshot = Path.of("target", "swagger-ui-" + service + ".png").toAbsolutePath();
            Files.createDirectories(screenshot.getParent());
            run(chromium(Files.createTempDirectory(profiles, "chromium-profile-"), "--screenshot=" + screenshot, page));
            assertThat(Files.size(screenshot), greaterThan(10_000L));
        } finally {
            server.stop();
        }
    }
}
