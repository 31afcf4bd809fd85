package io.streamcream.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.launcher.Launcher;
import io.streamcream.sovits.testing.TestBundles;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * All four services in this JVM on free loopback ports over one throw-away platform, with every
 * log record and every error body captured so tests can prove that secrets never leak.
 */
final class Stack implements AutoCloseable {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final int KEEP = 20_000;

    final TestEnvironment env;
    final Launcher launcher;
    private final Map<String, Client> clients = new HashMap<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger logCount = new AtomicInteger();
    private final AtomicInteger bodyCount = new AtomicInteger();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (logCount.incrementAndGet() > KEEP) {
                logs.poll();
            }
            StringBuilder text = new StringBuilder(record.getLoggerName()).append(' ').append(record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            logs.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private Stack(TestDatabase database, Map<String, String> overrides, boolean tinyVoice, List<String> services) {
        Logger.getLogger("").addHandler(capture);
        Map<String, String> config = new HashMap<>(Map.of(
                "services.login.port", "0", "services.tts.port", "0",
                "services.streaming.port", "0", "services.sovits.port", "0"));
        config.putAll(overrides);
        this.env = TestEnvironment.create(database, config);
        if (tinyVoice) {
            installTinyVoice(env.dataDir());
        }
        this.launcher = Launcher.start(env.platform(), services);
        for (String service : services) {
            clients.put(service, new Client(URI.create("http://127.0.0.1:" + launcher.port(service))));
        }
    }

    static Stack start(TestDatabase database, Map<String, String> overrides, boolean tinyVoice) {
        return new Stack(database, overrides, tinyVoice, List.of("login", "tts", "streaming", "sovits"));
    }

    static Stack start(TestDatabase database, Map<String, String> overrides, boolean tinyVoice, List<String> services) {
        return new Stack(database, overrides, tinyVoice, services);
    }

    /** Installs the tiny test voice and its default reference recording under the models folder. */
    static void installTinyVoice(Path dataDir) {
        Path models = dataDir.resolve("userdatas/tts");
        TestBundles.writeVoice(models, "tiny", TestBundles.manifest("tiny"), 16);
        short[] tone = new short[32000 * 4];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 180 * i / 32000.0));
        }
        try {
            Files.createDirectories(models.resolve("ref_audio"));
            Files.write(models.resolve("ref_audio/参考音频.wav"), wav(32000, tone));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] wav(int rate, short[] samples) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(44 + samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (short sample : samples) {
            buffer.putShort(sample);
        }
        return buffer.array();
    }

    Client client(String service) {
        return clients.get(service);
    }

    URI uri(String service) {
        return URI.create("http://127.0.0.1:" + launcher.port(service));
    }

    /** A verified user inserted directly (password hash unusable), with a fresh token. */
    User user(String prefix) {
        long now = System.currentTimeMillis();
        String name = (prefix + "_" + USERS.incrementAndGet()).toLowerCase(java.util.Locale.ROOT);
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', TRUE, 0, ?, ?)",
                name, name, name + "@example.com", name + "@example.com", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = ?", name).orElseThrow()
                .column("id").get(Number.class).longValue();
        return new User(id, name, name + "@example.com", null, env.platform().tokens().issue(id, 0).token());
    }

    /** Signs a user up the way a person does: register, read the code from the outbox, verify. */
    User signUp(String prefix, String password) {
        String name = prefix + "_" + USERS.incrementAndGet();
        String email = name + "@example.com";
        HttpReply registered = client("login").post("/api/auth/register",
                Map.of("username", name, "email", email, "password", password));
        assertThat(registered.toString(), registered.status(), org.hamcrest.Matchers.is(200));
        HttpReply verified = client("login").post("/api/auth/verify-email", Map.of("email", email, "code", code(email)));
        assertThat(verified.toString(), verified.status(), org.hamcrest.Matchers.is(200));
        return new User(verified.json().at("/data/user/id").asLong(), name, email, password,
                verified.json().at("/data/token").asText());
    }

    /** @return the latest code mailed to an address (outbox) */
    String code(String email) {
        String code = null;
        try (Stream<Path> mails = Files.list(env.dataDir().resolve("outbox"))) {
            for (Path mail : mails.sorted().toList()) {
                String text = decoded(Files.readString(mail, StandardCharsets.UTF_8));
                if (text.contains(email)) {
                    Matcher matcher = Pattern.compile(">(\\d{6})<").matcher(text);
                    if (matcher.find()) {
                        code = matcher.group(1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (code == null) {
            throw new IllegalStateException("No code mailed to " + email);
        }
        return code;
    }

    private static String decoded(String mime) {
        try {
            var message = new jakarta.mail.internet.MimeMessage(
                    jakarta.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
            return message.getAllRecipients()[0] + "\n" + content(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String content(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(content(multipart.getBodyPart(i).getContent()));
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    /** Asserts no secret appears in any captured log record or error body. */
    void assertNoSecrets(List<String> secrets) {
        List<String> logged = new ArrayList<>(logs);
        List<String> answered = new ArrayList<>(bodies);
        for (String secret : secrets) {
            for (String line : logged) {
                assertThat("log record", line, not(containsString(secret)));
            }
            for (String body : answered) {
                assertThat("response body", body, not(containsString(secret)));
            }
        }
    }

    int capturedLogs() {
        return logs.size();
    }

    int capturedBodies() {
        return bodies.size();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(capture);
        launcher.close();
        env.close();
    }

    /** Multipart body with one file part. */
    static HttpRequest.BodyPublisher multipart(String boundary, String field, String filename, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
    }

    /**
     * A user.
     *
     * @param id       id
     * @param name     user name
     * @param email    e-mail
     * @param password password (null when inserted directly)
     * @param token    a valid token
     */
    record User(long id, String name, String email, String password, String token) {
    }

    /** {@link TestClient} that remembers every error body for the secrets check. */
    final class Client {
        final TestClient http;
        final String base;

        Client(URI base) {
            this.http = new TestClient(base);
            this.base = base.toString();
        }

        HttpRequest.Builder request(String path) {
            return http.request(path);
        }

        /** A request whose path is sent exactly as written (no dot-segment normalisation). */
        HttpRequest.Builder raw(String pathAndQuery) {
            return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(java.time.Duration.ofSeconds(30));
        }

        HttpReply send(HttpRequest request) {
            return record(http.send(request));
        }

        HttpReply get(String path, String token) {
            return record(http.get(path, token));
        }

        HttpReply json(String method, String path, Object body, String token) {
            return record(http.json(method, path, body, token));
        }

        HttpReply post(String path, Object body, String token) {
            return record(http.post(path, body, token));
        }

        HttpReply post(String path, Object body) {
            return record(http.post(path, body));
        }

        HttpReply upload(String path, String filename, String type, byte[] data, String token) {
            HttpRequest.Builder builder = request(path).header("Content-Type", "multipart/form-data; boundary=sc-boundary")
                    .POST(multipart("sc-boundary", "file", filename, type, data));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return send(builder.build());
        }

        private HttpReply record(HttpReply reply) {
            if (reply.status() >= 400) {
                if (bodyCount.incrementAndGet() > KEEP) {
                    bodies.poll();
                }
                String text = reply.text();
                bodies.add(text.length() > 8192 ? text.substring(0, 8192) : text);
            }
            return reply;
        }
    }
}
