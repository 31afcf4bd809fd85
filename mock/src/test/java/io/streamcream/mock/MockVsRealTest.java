package io.streamcream.mock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Runs the mock-vs-real comparison and writes {@code target/mock-report}. Any answer of either side
 * that violates its OpenAPI document fails the build; status and value differences are only reported.
 */
class MockVsRealTest {

    private static final Path REPORT = Path.of("target/mock-report");
    private static MockComparison.Report report;

    @BeforeAll
    static void run() {
        report = MockComparison.run(REPORT);
    }

    @Test
    void neitherSideViolatesTheDocuments() {
        List<String> violations = report.rows().stream().filter(row -> !row.schemaOk())
                .map(row -> row.step().route() + " mock=" + row.mock().violations() + " real=" + row.real().violations())
                .toList();
        assertThat(violations, is(empty()));
    }

    @Test
    void everyScenarioRanOnBothSides() {
        assertThat(report.rows().size(), is(MockComparison.script("x").size()));
        assertThat(report.rows().stream().map(row -> row.step().scenario()).distinct().count(), is(4L));
        // The real login and synthesis worked, so later steps compared authorized answers.
        assertThat(status("POST /api/auth/login", true), is(200));
        assertThat(status("POST /api/tts/synthesize", true), is(200));
        assertThat(status("POST /gpt-sovits/tts", true), is(200));
        assertThat(status("GET /tts", true), is(200));
    }

    @Test
    void writesTheHtmlAndJsonReports() throws Exception {
        String html = Files.readString(REPORT.resolve("index.html"));
        assertThat(html, containsString("本地mock测试报告"));
        assertThat(html, containsString("/gpt-sovits/tts"));
        JsonNode json = new ObjectMapper().readTree(REPORT.resolve("report.json").toFile());
        assertThat(json.at("/summary/routes").asInt(), is(report.rows().size()));
        assertThat(json.at("/summary/schema_violations").asInt(), is(0));
        assertThat(json.get("routes").size(), greaterThan(10));
    }

    /** The real side's status of the first step of a route (the real one must work for the comparison to mean something). */
    private static int status(String route, boolean real) {
        MockComparison.Row row = report.rows().stream().filter(r -> r.step().route().equals(route)).findFirst().orElseThrow();
        return real ? row.real().status() : row.mock().status();
    }
}
