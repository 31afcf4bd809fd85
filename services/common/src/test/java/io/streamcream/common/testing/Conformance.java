package io.streamcream.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Checks every exchange of {@link TestClient} against a service's OpenAPI document, so the
 * documents cannot drift from the code.
 *
 * <p>A test module turns it on with a classpath resource {@value ConformanceSettings#SETTINGS} holding
 * {@code document=openapi/<service>.yaml} (or the system property {@value ConformanceSettings#PROPERTY}). Then:
 * <ul>
 *     <li>a request the document allows must get an answer the document describes (status, content
 *     type, body schema);</li>
 *     <li>a request the document does not allow (the tests send many on purpose) must be refused
 *     with an error status, and when its path and method are documented the error body must match
 *     the documented error answer.</li>
 * </ul>
 * {@code HEAD} is checked as the {@code GET} it mirrors (no body); CORS pre-flights
 * ({@code OPTIONS}) are not API calls and are skipped.
 */
public final class Conformance {

    private static final Set<String> UNROUTABLE = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static final Map<String, Conformance> BY_DOCUMENT = new ConcurrentHashMap<>();

    private final String document;
    private final OpenApiInteractionValidator validator;

    private Conformance(String document, String text) {
        this.document = document;
        // Unknown request members are ignored by the services (except where the document says
        // additionalProperties: false); answers must not carry undocumented members.
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    /**
     * The check for a document on the classpath.
     *
     * @param resource classpath resource, e.g. {@code openapi/login.yaml}
     * @return the check
     */
    public static Conformance forDocument(String resource) {
        return BY_DOCUMENT.computeIfAbsent(resource, r -> new Conformance(r, read(r)));
    }

    /** @return the document's classpath resource */
    public String document() {
        return document;
    }

    /**
     * Checks one exchange; a violation fails the calling test.
     *
     * @param request the request as sent
     * @param reply   the answer
     * @throws AssertionError when the exchange violates the document
     */
    public void check(HttpRequest request, HttpReply reply) {
        String method = request.method().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            return;
        }
        boolean head = method.equals("HEAD");
        Request.Method asked = Request.Method.valueOf(head ? "GET" : method);
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        SimpleRequest.Builder builder = new SimpleRequest.Builder(asked, path);
        request.headers().map().forEach(builder::withHeader);
        queryParameters(uri.getRawQuery()).forEach(builder::withQueryParam);
        byte[] body = head ? new byte[0] : body(request);
        if (body.length > 0) {
            builder.withBody(body);
        }
        ValidationReport requestReport = validator.validateRequest(builder.build());
        String exchange = method + " " + path + " -> " + reply.status();
        boolean routable = requestReport.getMessages().stream().noneMatch(m -> UNROUTABLE.contains(m.getKey()));
        if (requestReport.hasErrors() && reply.status() < 400) {
            throw new AssertionError("[" + document + "] " + exchange + ": the document does not allow this request, "
                    + "yet the service accepted it:\n" + describe(requestReport));
        }
        if (!routable || head) {
            return;
        }
        SimpleResponse.Builder response = new SimpleResponse.Builder(reply.status());
        reply.headers().map().forEach(response::withHeader);
        if (reply.body().length > 0) {
            response.withBody(reply.body());
        }
        ValidationReport responseReport = validator.validateResponse(path, asked, response.build());
        if (responseReport.hasErrors()) {
            throw new AssertionError("[" + document + "] " + exchange + ": the answer does not match the document:\n"
                    + describe(responseReport) + "\nbody: " + reply.text());
        }
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, List<String>> queryParameters(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** Reads the bytes a request publishes (the JDK publishers replay their content to each subscriber). */
    private static byte[] body(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return out.toByteArray();
    }

    private static String read(String resource) {
        try (InputStream in = Conformance.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
