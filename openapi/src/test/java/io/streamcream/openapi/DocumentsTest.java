package io.streamcream.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.streamcream.common.json.Json;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Every document (the four services and the combined one) is a valid OpenAPI 3.0.3 document:
 * swagger-parser reports nothing, every {@code $ref} points somewhere, operation ids are unique,
 * every operation answers errors in the documented envelope, and every JSON response example (the
 * §4.1 payloads among them) is valid against its own schema.
 */
class DocumentsTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    static Stream<String> documents() {
        List<String> all = new ArrayList<>();
        CombinedDocument.SERVICES.forEach(service -> all.add(service.resource()));
        all.add(CombinedDocument.RESOURCE);
        return all.stream();
    }

    private static String text(String resource) {
        return CombinedDocument.resource(DocumentsTest.class.getClassLoader(), resource);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void parsesWithoutMessages(String resource) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text(resource), null, options);
        assertThat(resource + ": " + result.getMessages(), result.getMessages(), is(empty()));
        assertThat(result.getOpenAPI(), notNullValue());
        assertThat(result.getOpenAPI().getOpenapi(), is("3.0.3"));
        assertThat(result.getOpenAPI().getPaths().size(), is(not(0)));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyReferenceResolves(String resource) {
        JsonNode document = CombinedDocument.read(text(resource));
        List<String> broken = new ArrayList<>();
        references(document, broken, document);
        assertThat(resource, broken, is(empty()));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void operationsAreUniqueAndAnswerErrorsInTheEnvelope(String resource) {
        JsonNode document = CombinedDocument.read(text(resource));
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            String where = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode op = operation.getValue();
            if (!ids.add(op.path("operationId").asText(""))) {
                problems.add(where + ": operationId missing or repeated");
            }
            if (!op.has("security")) {
                problems.add(where + ": no explicit security requirement");
            }
            boolean errorShape = op.path("responses").has("default")
                    || op.path("responses").properties().stream().anyMatch(r -> r.getKey().startsWith("4"));
            if (!errorShape) {
                problems.add(where + ": no error answer documented");
            }
        }));
        assertThat(resource, problems, is(empty()));
        assertThat(resource + " has components", document.has("components"), is(true));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void responseExamplesMatchTheirSchemas(String resource) {
        String yaml = text(resource);
        JsonNode document = CombinedDocument.read(yaml);
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml).build();
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            operation.getValue().path("responses").properties().forEach(response -> {
                JsonNode example = resolve(document, response.getValue()).path("content").path("application/json")
                        .path("example");
                if (example.isMissingNode() || response.getKey().equals("default")) {
                    return;
                }
                checked[0]++;
                ValidationReport report = validator.validateResponse(path.getKey(),
                        Request.Method.valueOf(operation.getKey().toUpperCase(Locale.ROOT)),
                        SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
                                .withContentType("application/json")
                                .withBody(Json.bytes(example))
                                .build());
                report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                        .forEach(m -> problems.add(operation.getKey() + " " + path.getKey() + " " + response.getKey()
                                + ": " + m.getMessage()));
            });
        }));
        assertThat(resource, problems, is(empty()));
        assertThat(resource + " has response examples", checked[0], is(not(0)));
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static void references(JsonNode node, List<String> broken, JsonNode document) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String target = ref.asText();
                if (!target.startsWith("#/") || document.at(target.substring(1)).isMissingNode()) {
                    broken.add(target);
                }
            }
            node.properties().forEach(e -> references(e.getValue(), broken, document));
        } else if (node.isArray()) {
            node.forEach(item -> references(item, broken, document));
        }
    }
}
