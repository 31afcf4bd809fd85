package io.streamcream.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mock-vs-real comparison: sends the scripted requests of the §6.2 scenarios (auth, preferences,
 * TTS synthesis, GPT-SoVITS) to the mocks and to the real services, and reports per route the two
 * statuses, whether each answer matches the service's OpenAPI document, and the structural
 * differences of the two JSON bodies (missing or extra members, type changes). Values are expected
 * to differ and are not compared. Writes {@code index.html} and {@code report.json}.
 *
 * <p>Command line: {@code MockComparison [--out DIR]} (default {@code target/mock-report}); exits
 * with 1 when either side violates its document.
 */
public final class MockComparison {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, String> DOCUMENTS = Map.of("login", "openapi/login.yaml", "tts", "openapi/tts.yaml",
            "streaming", "openapi/streaming.yaml", "sovits", "openapi/sovits.yaml");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, OpenApiInteractionValidator> validators = new LinkedHashMap<>();

    /** One scripted request; {@code {token}} in a header value is replaced by the side's token. */
    record Step(String scenario, String service, String method, String path, String body, boolean authorized) {
        String route() {
            int query = path.indexOf('?');
            return method + " " + (query < 0 ? path : path.substring(0, query));
        }
    }

    /** One side's answer. */
    record Answer(int status, String contentType, byte[] body, List<String> violations) {
        JsonNode json() {
            if (!contentType.contains("json") || body.length == 0) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** A compared route. */
    record Row(Step step, Answer mock, Answer real, List<String> differences) {
        boolean statusMatch() {
            return mock.status() == real.status();
        }

        boolean schemaOk() {
            return mock.violations().isEmpty() && real.violations().isEmpty();
        }
    }

    /** The whole comparison. */
    record Report(Instant started, long millis, List<Row> rows) {
        long violations() {
            return rows.stream().filter(r -> !r.schemaOk()).count();
        }

        long statusMismatches() {
            return rows.stream().filter(r -> !r.statusMatch()).count();
        }
    }

    /** How a side is reached and how its account gets verified before logging in. */
    interface Side {
        String baseUrl(String service);

        void verifyEmail(String email);
    }

    /** @return the steps of the §6.2 scenarios for a fresh account */
    static List<Step> script(String user) {
        String email = user + "@example.org";
        String text = "大家好，欢迎来到我的直播间";
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/register",
                "{\"username\":\"" + user + "\",\"email\":\"" + email + "\",\"password\":\"compare-pass-42\"}", false));
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/register", "{\"username\":\"" + user + "\"}", false));
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"compare-pass-42\"}", false));
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/login", "{\"password\":\"x\"}", false));
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/verify-token", "{}", true));
        steps.add(new Step("用户认证", "login", "POST", "/api/auth/verify-token", "{}", false));
        steps.add(new Step("偏好设置", "login", "GET", "/api/preferences", null, true));
        steps.add(new Step("偏好设置", "login", "GET", "/api/preferences", null, false));
        steps.add(new Step("语音合成", "tts", "POST", "/api/tts/synthesize", "{\"text\":\"" + text + "\"}", true));
        steps.add(new Step("语音合成", "tts", "POST", "/api/tts/synthesize", "{\"speed\":1.0}", true));
        steps.add(new Step("语音合成", "tts", "POST", "/api/tts/synthesize", "{\"text\":\"" + text + "\"}", false));
        steps.add(new Step("语音合成", "tts", "POST", "/api/tts/mouth-timeline", "{\"text\":\"大家好\"}", true));
        steps.add(new Step("语音合成", "tts", "POST", "/text2mouth_timeline", "{\"text\":\"大家好\"}", true));
        steps.add(new Step("语音合成", "tts", "POST", "/text2mouth_timeline", "{\"text\":\"大家好\"}", false));
        steps.add(new Step("GPT-SoVITS", "sovits", "POST", "/gpt-sovits/tts", "{\"text\":\"" + text + "\"}", false));
        steps.add(new Step("GPT-SoVITS", "sovits", "POST", "/gpt-sovits/tts", "{}", false));
        steps.add(new Step("GPT-SoVITS", "sovits", "GET", "/tts?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&text_lang=zh&prompt_lang=zh", null, false));
        steps.add(new Step("GPT-SoVITS", "sovits", "GET", "/tts?text_lang=zh", null, false));
        steps.add(new Step("GPT-SoVITS", "sovits", "GET", "/gpt-sovits/models", null, false));
        steps.add(new Step("GPT-SoVITS", "sovits", "GET", "/gpt-sovits/status", null, false));
        return steps;
    }

    /**
     * Runs the script on both sides.
     *
     * @param mock the mocks
     * @param real the real services
     * @return the report
     */
    Report compare(Side mock, Side real) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<Step> steps = script("cmp" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        String email = steps.getFirst().body().replaceAll(".*\"email\":\"([^\"]+)\".*", "$1");
        Map<Side, String> tokens = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Step step : steps) {
            Answer mine = send(mock, step, tokens);
            Answer theirs = send(real, step, tokens);
            if (step.path().equals("/api/auth/register") && step.body().contains("password")) {
                mock.verifyEmail(email);
                real.verifyEmail(email);
            }
            rows.add(new Row(step, mine, theirs, differences(mine, theirs)));
        }
        return new Report(started, (System.nanoTime() - start) / 1_000_000, rows);
    }

    private Answer send(Side side, Step step, Map<Side, String> tokens) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(side.baseUrl(step.service()) + step.path()))
                .timeout(Duration.ofSeconds(60));
        if (step.authorized()) {
            request.header("Authorization", "Bearer " + tokens.getOrDefault(side, "no-token"));
        }
        if (step.body() == null) {
            request.method(step.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(step.method(), HttpRequest.BodyPublishers.ofString(step.body(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(step.route() + " on " + side.baseUrl(step.service()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        Answer answer = new Answer(response.statusCode(), contentType, response.body(), validate(step, response));
        JsonNode json = answer.json();
        if (step.route().equals("POST /api/auth/login") && json != null && json.at("/data/token").isTextual()) {
            tokens.put(side, json.at("/data/token").asText());
        }
        return answer;
    }

    private List<String> validate(Step step, HttpResponse<byte[]> response) {
        OpenApiInteractionValidator validator = validators.computeIfAbsent(step.service(),
                service -> OpenApiInteractionValidator.createForInlineApiSpecification(resource(DOCUMENTS.get(service))).build());
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(answer::withHeader);
        if (response.body().length > 0) {
            answer.withBody(response.body());
        }
        String path = step.route().substring(step.method().length() + 1);
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(step.method()), answer.build());
        List<String> violations = new ArrayList<>();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> violations.add(m.getKey() + ": " + m.getMessage()));
        return violations;
    }

    /** Missing and extra members and type changes of the mock's body against the real one's. */
    static List<String> differences(Answer mock, Answer real) {
        List<String> out = new ArrayList<>();
        String mockType = mediaType(mock.contentType());
        String realType = mediaType(real.contentType());
        if (!mockType.equals(realType)) {
            out.add("content type: mock " + mockType + ", real " + realType);
        }
        JsonNode a = mock.json();
        JsonNode b = real.json();
        if (a != null && b != null) {
            walk("", a, b, out);
        }
        return out;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void walk(String at, JsonNode mock, JsonNode real, List<String> out) {
        String where = at.isEmpty() ? "/" : at;
        if (!kind(mock).equals(kind(real))) {
            if (!mock.isNull() && !real.isNull()) {
                out.add("type change at " + where + ": mock " + kind(mock) + ", real " + kind(real));
            } else {
                out.add("null at " + where + ": mock " + kind(mock) + ", real " + kind(real));
            }
            return;
        }
        if (mock.isObject()) {
            for (Iterator<String> names = real.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!mock.has(name)) {
                    out.add("missing in mock: " + at + "/" + name);
                } else {
                    walk(at + "/" + name, mock.get(name), real.get(name), out);
                }
            }
            for (Iterator<String> names = mock.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!real.has(name)) {
                    out.add("extra in mock: " + at + "/" + name);
                }
            }
        } else if (mock.isArray() && !mock.isEmpty() && !real.isEmpty()) {
            walk(at + "/0", mock.get(0), real.get(0), out);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Writes {@code report.json} and {@code index.html}.
     *
     * @param report the report
     * @param folder where to write
     * @return the HTML file
     */
    static Path write(Report report, Path folder) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("report.json"), JSON.writeValueAsBytes(json(report)));
            Path html = folder.resolve("index.html");
            Files.writeString(html, html(report), StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", "StreamCream 本地mock测试报告");
        root.put("started", report.started().toString());
        root.put("duration_ms", report.millis());
        ObjectNode summary = root.putObject("summary");
        summary.put("routes", report.rows().size());
        summary.put("status_matches", report.rows().size() - report.statusMismatches());
        summary.put("status_mismatches", report.statusMismatches());
        summary.put("schema_violations", report.violations());
        ArrayNode routes = root.putArray("routes");
        for (Row row : report.rows()) {
            ObjectNode item = routes.addObject();
            item.put("scenario", row.step().scenario());
            item.put("service", row.step().service());
            item.put("route", row.step().route());
            item.put("request", row.step().method() + " " + row.step().path());
            item.put("authorized", row.step().authorized());
            item.put("mock_status", row.mock().status());
            item.put("real_status", row.real().status());
            item.put("status_match", row.statusMatch());
            item.put("mock_schema_ok", row.mock().violations().isEmpty());
            item.put("real_schema_ok", row.real().violations().isEmpty());
            row.mock().violations().forEach(item.withArray("mock_violations")::add);
            row.real().violations().forEach(item.withArray("real_violations")::add);
            row.differences().forEach(item.withArray("differences")::add);
            item.put("mock_body", sample(row.mock()));
            item.put("real_body", sample(row.real()));
        }
        return root;
    }

    /** A JSON answer's text (shortened), or its content type and size for other bodies. */
    private static String sample(Answer answer) {
        if (answer.json() == null) {
            return "(" + answer.contentType() + ", " + answer.body().length + " bytes)";
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        return text.length() > 1500 ? text.substring(0, 1500) + "…" : text;
    }

    static String html(Report report) {
        StringBuilder out = new StringBuilder(8192);
        long ok = report.rows().size() - report.violations();
        out.append("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>StreamCream 本地mock测试报告</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#222;background:#fafafa}\n")
                .append("h1{font-size:1.5rem;margin:0 0 .3rem}.meta{color:#666;margin-bottom:1.2rem}\n")
                .append(".cards{display:flex;gap:1rem;margin-bottom:1.5rem}.card{background:#fff;border-radius:8px;padding:1rem 1.4rem;")
                .append("box-shadow:0 1px 3px rgba(0,0,0,.12);min-width:9rem}.card b{display:block;font-size:1.8rem}\n")
                .append(".pass{color:#1a7f37}.fail{color:#cf222e}.warn{color:#9a6700}\n")
                .append("table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}\n")
                .append("th,td{padding:.5rem .7rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top;font-size:.9rem}\n")
                .append("th{background:#24292f;color:#fff}tr:hover td{background:#f6f8fa}code{font-size:.85rem}ul{margin:0;padding-left:1.1rem}\n")
                .append("</style></head><body>\n<h1>StreamCream 本地mock测试报告</h1>\n")
                .append("<div class=\"meta\">mock（WireMock，§4.1 数据）与真实服务（进程内）对比 · ").append(escape(report.started().toString()))
                .append(" · ").append(report.millis()).append(" ms</div>\n<div class=\"cards\">")
                .append(card("路由", String.valueOf(report.rows().size()), ""))
                .append(card("符合文档", ok + " / " + report.rows().size(), report.violations() == 0 ? "pass" : "fail"))
                .append(card("状态码一致", (report.rows().size() - report.statusMismatches()) + " / " + report.rows().size(),
                        report.statusMismatches() == 0 ? "pass" : "warn"))
                .append("</div>\n<table><thead><tr><th>场景</th><th>请求</th><th>mock</th><th>真实</th><th>状态码</th>")
                .append("<th>mock 文档</th><th>真实 文档</th><th>结构差异</th></tr></thead><tbody>\n");
        for (Row row : report.rows()) {
            out.append("<tr><td>").append(escape(row.step().scenario())).append("</td><td><code>")
                    .append(escape(row.step().method() + " " + row.step().path())).append("</code>")
                    .append(row.step().authorized() ? " 🔑" : "").append("<br><small>").append(escape(row.step().service()))
                    .append("</small></td><td>").append(row.mock().status()).append("</td><td>").append(row.real().status())
                    .append("</td><td class=\"").append(row.statusMatch() ? "pass\">一致" : "warn\">不同").append("</td>")
                    .append(schemaCell(row.mock().violations())).append(schemaCell(row.real().violations())).append("<td>")
                    .append(list(row.differences(), "无")).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n</body></html>\n");
        return out.toString();
    }

    private static String card(String label, String value, String style) {
        return "<div class=\"card\">" + escape(label) + "<b class=\"" + style + "\">" + escape(value) + "</b></div>";
    }

    private static String schemaCell(List<String> violations) {
        return violations.isEmpty() ? "<td class=\"pass\">✔</td>" : "<td class=\"fail\">✘" + list(violations, "") + "</td>";
    }

    private static String list(List<String> items, String empty) {
        if (items.isEmpty()) {
            return escape(empty);
        }
        StringBuilder out = new StringBuilder("<ul>");
        items.forEach(item -> out.append("<li>").append(escape(item)).append("</li>"));
        return out.append("</ul>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = MockComparison.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the mocks and the real services in this JVM, compares them and writes the report.
     *
     * @param folder where the report goes
     * @return the report
     */
    public static Report run(Path folder) {
        try (MockServers mocks = MockServers.startOnFreePorts(); RealServices real = RealServices.start()) {
            Report report = new MockComparison().compare(side(mocks::baseUrl, email -> { }), side(real::baseUrl, real::verifyEmail));
            write(report, folder);
            return report;
        }
    }

    private static Side side(Function<String, String> urls, java.util.function.Consumer<String> verify) {
        return new Side() {
            @Override
            public String baseUrl(String service) {
                return urls.apply(service);
            }

            @Override
            public void verifyEmail(String email) {
                verify.accept(email);
            }
        };
    }

    /**
     * @param args {@code [--out DIR]}
     */
    public static void main(String[] args) {
        Path folder = Path.of(args.length == 2 && args[0].equals("--out") ? args[1] : "target/mock-report");
        Report report = run(folder);
        System.out.printf("%d routes, %d status mismatches, %d schema violations: %s%n", report.rows().size(),
                report.statusMismatches(), report.violations(), folder.resolve("index.html").toAbsolutePath());
        System.exit(report.violations() == 0 ? 0 : 1);
    }
}
