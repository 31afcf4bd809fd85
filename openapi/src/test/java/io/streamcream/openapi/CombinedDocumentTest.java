package io.streamcream.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The committed combined document is exactly the merge of the four service documents, so it cannot
 * drift from them. After changing a service document, regenerate it with
 * {@code mvn -q -B test -pl openapi -Dtest=CombinedDocumentTest -Dopenapi.write=true} (plus the modules it
 * needs from the reactor).
 */
class CombinedDocumentTest {

    private static final Path COMMITTED = Path.of("src/main/resources", CombinedDocument.RESOURCE);

    @Test
    void committedDocumentIsTheMergeOfTheServiceDocuments() throws IOException {
        ObjectNode merged = CombinedDocument.combineFromClasspath(getClass().getClassLoader());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, CombinedDocument.yaml(merged), StandardCharsets.UTF_8);
        }
        JsonNode committed = CombinedDocument.read(Files.readString(COMMITTED, StandardCharsets.UTF_8));
        assertThat("regenerate with -Dopenapi.write=true", committed.equals(merged), is(true));
    }

    @Test
    void hasTheFourServersAndEveryServicePath() {
        JsonNode combined = CombinedDocument.read(CombinedDocument.resource(getClass().getClassLoader(),
                CombinedDocument.RESOURCE));
        Set<String> urls = new TreeSet<>();
        combined.path("servers").forEach(server -> urls.add(server.path("url").asText()));
        assertThat(urls, containsInAnyOrder("http://localhost:9080", "http://localhost:5001", "http://localhost:8888",
                "http://localhost:9880"));
        for (CombinedDocument.Service service : CombinedDocument.SERVICES) {
            JsonNode document = CombinedDocument.read(CombinedDocument.resource(getClass().getClassLoader(),
                    service.resource()));
            document.path("paths").properties().forEach(path -> {
                JsonNode item = combined.path("paths").path(path.getKey());
                Set<String> servers = new TreeSet<>();
                item.path("servers").forEach(server -> servers.add(server.path("url").asText()));
                assertThat(path.getKey(), servers.contains(service.url()), is(true));
            });
        }
        JsonNode health = combined.path("paths").path("/health").path("servers");
        assertThat(health.size(), is(4));
        assertThat(combined.path("x-websocket").path("messages").properties(), hasSize(9));
        assertThat(combined.path("x-websocket").path("server").asText(), is("ws://localhost:8888"));
    }
}
