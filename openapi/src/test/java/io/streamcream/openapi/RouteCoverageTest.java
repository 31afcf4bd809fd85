package io.streamcream.openapi;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.server.Platform;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Every route a service registers is in its document, and every documented route is registered.
 * The routes come from the service's own routing code ({@code Main.definition(platform)} run
 * through {@link ServiceServer#routing}, recorded by {@link RouteRecorder}), plus the observer
 * endpoints {@code /health} and {@code /metrics} that {@link ServiceServer} adds as a server
 * feature. An operation marked {@code x-implementation-status: contract} is a promise not yet
 * routed and is left out (no document has one now).
 */
class RouteCoverageTest {

    private static final Set<String> OBSERVERS = Set.of("GET /health", "GET /metrics");
    private static TestEnvironment env;

    @BeforeAll
    static void start() {
        env = TestEnvironment.create(TestDatabase.H2, Map.of());
    }

    @AfterAll
    static void close() {
        env.close();
    }

    @Test
    void login() {
        check("login", io.streamcream.login.Main::definition, 40);
    }

    @Test
    void tts() {
        check("tts", io.streamcream.tts.Main::definition, 19);
    }

    @Test
    void streaming() {
        check("streaming", io.streamcream.streaming.Main::definition, 8);
    }

    @Test
    void sovits() {
        check("sovits", platform -> io.streamcream.sovits.Main.definition(platform, () -> { }), 28);
    }

    @Test
    void recorderResolvesNestedPrefixes() {
        RouteRecorder recorder = RouteRecorder.create();
        recorder.routing().register("/api", rules -> rules.get("/a/{id}", (req, res) -> { })
                .register("/b", nested -> nested.post("/", (req, res) -> { })));
        recorder.routing().register("/", rules -> rules.route(io.helidon.http.Method.PATCH, "/c", (req, res) -> { }));
        assertThat(recorder.routes(), is(new TreeSet<>(Set.of("GET /api/a/{id}", "POST /api/b", "PATCH /c"))));
    }

    private static void check(String name, Function<Platform, ServiceServer.Definition> definition, int atLeast) {
        ServiceServer.Definition service = definition.apply(env.platform());
        assertThat(service.name(), is(name));
        RouteRecorder recorder = RouteRecorder.create();
        ServiceServer.routing(recorder.routing(), env.platform(), service);
        Set<String> code = new TreeSet<>(recorder.routes());
        code.addAll(OBSERVERS);
        assertThat(code, hasItem("GET /openapi"));
        assertThat(code, hasItem("GET /api-docs"));

        Set<String> documented = documented(name);
        Set<String> undocumented = new TreeSet<>(code);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(code);
        assertThat("routes in the code of " + name + " but not in its document", undocumented, is(empty()));
        assertThat("routes in the document of " + name + " but not in its code", unrouted, is(empty()));
        assertThat(code.size(), greaterThan(atLeast - 1));
        assertThat(documented, hasSize(code.size()));
    }

    /** "METHOD /path" of every operation of a service document, without contract-only operations. */
    static Set<String> documented(String name) {
        JsonNode document = CombinedDocument.read(CombinedDocument.resource(RouteCoverageTest.class.getClassLoader(),
                "openapi/" + name + ".yaml"));
        Set<String> routes = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String method = operation.getKey();
            if (Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(method)
                    && !"contract".equals(operation.getValue().path("x-implementation-status").asText())) {
                routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return routes;
    }
}
