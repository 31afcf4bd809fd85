package io.streamcream.common.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.testing.Conformance;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code /openapi} and Swagger UI at {@code /api-docs} on a server built by {@link ServiceServer}
 * (document {@code openapi/docs-probe.yaml} from the test resources), and the conformance check of
 * {@link Conformance} against that document.
 */
@ServerTest
class OpenApiSupportIT {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of());

    private final TestClient client;

    OpenApiSupportIT(URI uri) {
        this.client = new TestClient(uri);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        TestEnvironment.localhost(server);
        ServiceServer.configure(server, ENV.platform(), new ServiceServer.Definition("docs-probe", false, routing ->
                routing.register("/api/echo", rules -> Routes.path(rules, "/").post((req, res) -> {
                    JsonFields fields = JsonFields.of(RequestJson.object(req));
                    String name = fields.requiredString("name");
                    fields.throwIfInvalid("name 是必填的");
                    Responses.ok(res, "ok", "bad".equals(name) ? Map.of("other", 1) : Map.of("name", name));
                }).register())));
    }

    @AfterAll
    static void close() {
        ENV.close();
    }

    @Test
    void documentAsYamlByDefault() {
        HttpReply reply = client.get("/openapi", null);
        assertThat(reply.status(), is(200));
        assertThat(reply.header("Content-Type").orElse(""), startsWith("application/yaml"));
        assertThat(reply.text(), startsWith("openapi: 3.0.3"));
    }

    @Test
    void documentAsJsonWhenAccepted() {
        HttpReply reply = client.send(client.request("/openapi").header("Accept", "application/json").GET().build());
        assertThat(reply.status(), is(200));
        assertThat(reply.header("Content-Type").orElse(""), startsWith("application/json"));
        assertThat(reply.json().get("openapi").asText(), is("3.0.3"));
        assertThat(reply.json().at("/paths/~1api~1echo/post/operationId").asText(), is("echo"));
        HttpReply query = client.get("/openapi?format=json", null);
        assertThat(query.json().at("/info/title").asText(), is("Probe service"));
    }

    @Test
    void swaggerUiIsServedFromTheClasspath() {
        HttpReply page = client.get("/api-docs", null);
        assertThat(page.status(), is(200));
        assertThat(page.header("Content-Type").orElse(""), startsWith("text/html"));
        assertThat(page.text(), containsString("/api-docs/swagger-ui-bundle.js"));
        assertThat(page.text(), not(containsString("http")));
        for (String asset : new String[] {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
                "init.js"}) {
            HttpReply reply = client.get("/api-docs/" + asset, null);
            assertThat(asset, reply.status(), is(200));
            assertThat(asset, reply.body().length, greaterThan(100));
        }
        assertThat(client.get("/api-docs/init.js", null).text(), containsString("/openapi?format=json"));
        assertThat(client.get("/api-docs/..%2Fpom.xml", null).status(), is(404));
        assertThat(client.get("/api-docs/index.html", null).status(), is(404));
    }

    @Test
    void conformingExchangesPass() {
        Conformance check = Conformance.forDocument("openapi/docs-probe.yaml");
        HttpRequest request = json("{\"name\":\"小明\"}");
        HttpReply reply = client.send(request);
        assertThat(reply.status(), is(200));
        check.check(request, reply);
        HttpRequest invalid = json("{}");
        HttpReply refused = client.send(invalid);
        assertThat(refused.status(), is(400));
        check.check(invalid, refused);
    }

    @Test
    void violationsFail() {
        Conformance check = Conformance.forDocument("openapi/docs-probe.yaml");
        HttpRequest wrongAnswer = json("{\"name\":\"bad\"}");
        HttpReply reply = client.send(wrongAnswer);
        AssertionError error = assertThrows(AssertionError.class, () -> check.check(wrongAnswer, reply));
        assertThat(error.getMessage(), containsString("does not match the document"));

        HttpRequest invalid = json("{}");
        HttpReply accepted = new HttpReply(200, reply.headers(), reply.body());
        AssertionError accepting = assertThrows(AssertionError.class, () -> check.check(invalid, accepted));
        assertThat(accepting.getMessage(), containsString("does not allow this request"));
    }

    private HttpRequest json(String body) {
        return client.request("/api/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

}
