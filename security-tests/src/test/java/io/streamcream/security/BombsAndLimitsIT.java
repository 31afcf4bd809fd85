package io.streamcream.security;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Header and JSON bombs, hostile uploads, CORS on every port, and brute force against the real rate limits. */
class BombsAndLimitsIT {

    static Stack stack;
    static Stack.User owner;

    @BeforeAll
    static void start() {
        stack = Stack.start(TestDatabase.H2, Map.of(
                "cors.allowed-origins", "http://localhost:5173,https://studio.example.com",
                "rate-limits.login.per-ip.capacity", "1000",
                "rate-limits.login.per-account.capacity", "5",
                "rate-limits.verify-code.per-ip.capacity", "12",
                "rate-limits.register.per-ip.capacity", "1000",
                "rate-limits.register.per-account.capacity", "1000",
                "rate-limits.forgot-password.per-ip.capacity", "1000",
                "rate-limits.forgot-password.per-account.capacity", "1000",
                "login.resend-cooldown", "PT0.1S"), false);
        owner = stack.signUp("bomber", "bomber-password-1");
    }

    @AfterAll
    static void stop() {
        stack.assertNoSecrets(List.of(TestEnvironment.JWT_SECRET, owner.token(), owner.password()));
        stack.close();
    }

    /** Sends bytes; a connection the server closes counts as refused (-1). */
    private static int raw(Stack.Client client, String method, String path, String type, byte[] body, String token) {
        HttpRequest.Builder builder = client.request(path).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(builder.build()).status();
        } catch (UncheckedIOException closed) {
            return -1;
        }
    }

    private static void assertAllHealthy() {
        for (String service : List.of("login", "tts", "streaming", "sovits")) {
            assertThat(service, stack.client(service).get("/health", null).status(), is(200));
        }
    }

    @Test
    void jsonBombsAreRefusedWithoutHarm() {
        List<byte[]> bombs = new ArrayList<>();
        bombs.add(("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.US_ASCII));
        bombs.add(("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.US_ASCII));
        bombs.add("{\"text\":\"x\",\"speed\":1e999999999}".getBytes(StandardCharsets.US_ASCII));
        bombs.add(("{\"text\":\"x\",\"speed\":1" + "0".repeat(200_000) + "}").getBytes(StandardCharsets.US_ASCII));
        bombs.add(("{\"text\":\"x\",\"speed\":0." + "0".repeat(200_000) + "1}").getBytes(StandardCharsets.US_ASCII));
        bombs.add("{\"username\":\"a\",\"password\":NaN,\"temperature\":Infinity}".getBytes(StandardCharsets.US_ASCII));
        bombs.add(new byte[] {'{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bombs.add(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xFE, '"', '}'});
        bombs.add(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, (byte) 0xD8, 0, (byte) 0xDC});
        StringBuilder duplicates = new StringBuilder("{");
        for (int i = 0; i < 100_000; i++) {
            duplicates.append("\"k").append(i % 7).append("\":").append(i).append(',');
        }
        bombs.add(duplicates.append("\"end\":1}").toString().getBytes(StandardCharsets.US_ASCII));
        bombs.add(("{\"text\":\"" + "\\u0000".repeat(100_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
        bombs.add(("{\"text\":\"" + "\\ud800".repeat(10_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
        String[][] targets = {
                {"login", "POST", "/api/auth/login"}, {"login", "PUT", "/api/preferences"}, {"login", "PATCH", "/api/preferences"},
                {"login", "POST", "/api/streams"}, {"tts", "POST", "/api/tts/synthesize"}, {"tts", "POST", "/api/tts/mouth-timeline"},
                {"tts", "POST", "/api/tts/generate-speech"}, {"sovits", "POST", "/tts"}, {"sovits", "POST", "/gpt-sovits/tts"}};
        for (String[] target : targets) {
            for (int i = 0; i < bombs.size(); i++) {
                long begin = System.nanoTime();
                int status = raw(stack.client(target[0]), target[1], target[2], "application/json", bombs.get(i), owner.token());
                String where = target[2] + " bomb " + i + " -> " + status;
                assertThat(where, status, both(greaterThanOrEqualTo(-1)).and(lessThan(500)));
                // Malformed or too deep: always refused. Odd but valid JSON (huge numbers, duplicate keys, NULs,
                // lone surrogates) may be accepted by routes that ignore or keep the field, but never breaks anything.
                if (List.of(0, 1, 5, 6, 7).contains(i)) {
                    assertThat(where, status, not(is(200)));
                }
                assertThat(where, (System.nanoTime() - begin) / 1e9, lessThan(5.0));
            }
        }
        // Preferences keep unknown keys, so odd but valid JSON may be stored: it must still read back at once.
        long begin = System.nanoTime();
        HttpReply preferences = stack.client("login").get("/api/preferences", owner.token());
        assertThat(preferences.status(), is(200));
        assertThat(preferences.json().path("success").asBoolean(), is(true));
        assertThat((System.nanoTime() - begin) / 1e9, lessThan(1.0));
        assertAllHealthy();
    }

    @Test
    void oversizedBodiesAndHeadersAreRefused() {
        byte[] large = new byte[13 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'a');
        for (String service : List.of("login", "tts", "streaming", "sovits")) {
            int status = raw(stack.client(service), "POST", service.equals("sovits") ? "/tts" : "/api/auth/login",
                    "application/json", large, null);
            assertThat(service + " 13 MB body", status, anyOf(is(413), is(-1), is(404), is(405)));
            HttpRequest huge = stack.client(service).request("/health").header("X-Padding", "p".repeat(128 * 1024)).GET().build();
            int headerStatus;
            try {
                headerStatus = stack.client(service).send(huge).status();
            } catch (UncheckedIOException closed) {
                headerStatus = -1;
            }
            assertThat(service + " 128 KiB header", headerStatus, anyOf(is(431), is(400), is(413), is(-1)));
            HttpRequest.Builder many = stack.client(service).request("/health").GET();
            for (int i = 0; i < 500; i++) {
                many.header("X-Many-" + i, "v".repeat(200));
            }
            int manyStatus;
            try {
                manyStatus = stack.client(service).send(many.build()).status();
            } catch (UncheckedIOException closed) {
                manyStatus = -1;
            }
            assertThat(service + " 500 headers", manyStatus, anyOf(is(431), is(400), is(413), is(-1)));
        }
        assertAllHealthy();
    }

    @Test
    void hostileUploadsAreRefusedOrDefused() {
        var login = stack.client("login");
        byte[] png = Images.png(8, 8);
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        byte[] php = "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8);
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
        // Not images at all, whatever they claim.
        for (Object[] upload : List.of(
                new Object[] {"x.png", "image/png", html}, new Object[] {"x.gif", "image/gif", Images.concat("GIF89a".getBytes(StandardCharsets.US_ASCII), php)},
                new Object[] {"x.svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)},
                new Object[] {"x.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2}},
                new Object[] {"x.png", "image/png", java.util.Arrays.copyOf(png, 30)},
                new Object[] {"x.png", "image/png", new byte[0]})) {
            HttpReply reply = login.upload("/api/files/upload-background", (String) upload[0], (String) upload[1], (byte[]) upload[2], owner.token());
            assertThat(upload[0] + " -> " + reply, reply.status(), both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        }
        // Polyglots: valid images carrying script. Accepted only as images, under a safe name, never sniffable.
        for (Object[] upload : List.of(
                new Object[] {"evil.html", "text/html", Images.concat(png, html)},
                new Object[] {"evil.php", "application/x-php", Images.concat(Images.jpeg(8, 8), php)},
                new Object[] {"../../evil.png", "image/png", png},
                new Object[] {"evil.png.html", "image/png", png})) {
            HttpReply reply = login.upload("/api/files/upload-background", (String) upload[0], (String) upload[1], (byte[]) upload[2], owner.token());
            assertThat(upload[0] + " -> " + reply, reply.status(), anyOf(is(201), is(400), is(415)));
            if (reply.status() == 201) {
                String name = reply.json().at("/data/filename").asText();
                assertThat(name, anyOf(endsWith(".png"), endsWith(".jpg"), endsWith(".jpeg")));
                assertThat(name, not(containsString("..")));
                assertThat(name, not(containsString("evil")));
                HttpReply served = login.get("/api/files/backgrounds/" + name, null);
                assertThat(served.header("Content-Type").orElse(""), startsWith("image/"));
                assertThat(served.header("X-Content-Type-Options").orElse(""), is("nosniff"));
            }
        }
        // Over 10 MB: a real PNG header followed by padding.
        byte[] oversized = Images.concat(png, new byte[10 * 1024 * 1024]);
        HttpReply tooLarge = login.upload("/api/files/upload-background", "big.png", "image/png", oversized, owner.token());
        assertThat(tooLarge.toString(), tooLarge.status(), is(413));
        // A reference recording that is not a WAV, and one that is far too long.
        HttpReply notWav = stack.client("sovits").upload("/upload_ref_audio", "x.wav", "audio/wav", Images.concat("RIFF".getBytes(StandardCharsets.US_ASCII), php), null);
        assertThat(notWav.toString(), notWav.status(), both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        HttpReply tooLong = stack.client("sovits").upload("/upload_ref_audio", "long.wav", "audio/wav", Stack.wav(32000, new short[32000 * 60]), null);
        assertThat(tooLong.toString(), tooLong.status(), both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        assertAllHealthy();
    }

    @Test
    void corsAnswersOnlyAllowedOriginsOnEveryPort() {
        for (String service : List.of("login", "tts", "streaming", "sovits")) {
            var client = stack.client(service);
            String path = switch (service) {
                case "login" -> "/api/auth/login";
                case "tts" -> "/api/tts/synthesize";
                case "streaming" -> "/api/streaming/status";
                default -> "/gpt-sovits/tts";
            };
            for (String origin : List.of("http://localhost:5173", "https://studio.example.com")) {
                HttpReply preflight = client.send(client.request(path).header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "Content-Type, Authorization")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(service + " " + origin + " " + preflight, preflight.status(), is(200));
                assertThat(service, preflight.header("Access-Control-Allow-Origin").orElse(""), is(origin));
            }
            for (String origin : List.of("https://evil.example.net", "http://localhost:5173.evil.net", "null",
                    "http://localhost:5174", "https://studio.example.com.evil.net", "http://evil.localhost:5173")) {
                HttpReply preflight = client.send(client.request(path).header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(service + " " + origin, preflight.header("Access-Control-Allow-Origin").isPresent(), is(false));
                HttpReply simple = client.send(client.request("/health").header("Origin", origin).GET().build());
                assertThat(service + " " + origin, simple.header("Access-Control-Allow-Origin").isPresent(), is(false));
                assertThat(service + " " + origin, simple.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
            }
        }
    }

    @Test
    void bruteForceOnPasswordsAndCodesIsStopped() {
        var login = stack.client("login");
        Stack.User target = stack.signUp("target", "target-password-1");
        int wrongAnswered = 0;
        int limited = 0;
        for (int i = 0; i < 40; i++) {
            HttpReply reply = login.post("/api/auth/login", Map.of("username", target.name(), "password", "guess-" + i + "-password"));
            if (reply.status() == 429) {
                limited++;
                assertThat(reply.header("Retry-After").isPresent(), is(true));
            } else {
                assertThat(reply.toString(), reply.status(), is(401));
                wrongAnswered++;
            }
        }
        assertThat(wrongAnswered, lessThanOrEqualTo(5));
        assertThat(limited, greaterThanOrEqualTo(35));
        assertThat("the right password is limited too while locked",
                login.post("/api/auth/login", Map.of("username", target.name(), "password", target.password())).status(), is(429));
        assertThat("other accounts still log in",
                login.post("/api/auth/login", Map.of("username", owner.name(), "password", owner.password())).status(), is(200));

        // Six-digit e-mail code: five wrong tries kill it, the per-IP limit stops guessing.
        String email = "guessed_" + System.nanoTime() % 100000 + "@example.com";
        assertThat(login.post("/api/auth/register", Map.of("username", "guessed_" + System.nanoTime() % 100000, "email", email,
                "password", "guessed-password-1")).status(), is(200));
        String code = stack.code(email);
        int guessesAnswered = 0;
        int guessesLimited = 0;
        for (int i = 0; i < 30; i++) {
            String guess = String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000);
            HttpReply reply = login.post("/api/auth/verify-email", Map.of("email", email, "code", guess));
            assertThat(reply.toString(), reply.status(), anyOf(is(400), is(401), is(410), is(429)));
            if (reply.status() == 429) {
                guessesLimited++;
            } else {
                guessesAnswered++;
            }
        }
        assertThat(guessesAnswered, lessThanOrEqualTo(12));
        assertThat(guessesLimited, greaterThan(0));
        HttpReply right = login.post("/api/auth/verify-email", Map.of("email", email, "code", code));
        assertThat("the real code is dead or limited after the guesses: " + right, right.status(), not(is(200)));
        // Reset codes share the limit.
        assertThat(login.post("/api/auth/forgot-password", Map.of("username", owner.name(), "email", owner.email())).status(), is(200));
        int resetAccepted = 0;
        for (int i = 0; i < 10; i++) {
            HttpReply reply = login.post("/api/auth/verify-reset-code", Map.of("username", owner.name(), "email", owner.email(), "code", String.format("%06d", i)));
            assertThat(reply.toString(), reply.status(), anyOf(is(400), is(401), is(410), is(429)));
            if (reply.status() == 200) {
                resetAccepted++;
            }
        }
        assertThat(resetAccepted, is(0));
    }
}
