package io.streamcream.bench.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Signs benchmark users up the way a person would: register, read the code from the outbox, verify. */
public final class BenchAccounts {

    static final String PASSWORD = "bench-password-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchAccounts() {
    }

    /** Signs a user up through the outbox and returns a token. */
    public static String signUp(URI login, Path dataDir, String username, String email) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        byte[] register = JSON.writeValueAsBytes(Map.of("username", username, "email", email,
                "password", PASSWORD));
        client.send(HttpRequest.newBuilder(login.resolve("/api/auth/register")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(register)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String code = null;
        try (Stream<Path> mails = Files.list(dataDir.resolve("outbox"))) {
            for (Path mail : mails.filter(p -> p.toString().endsWith(".eml")).toList()) {
                String text = Files.readString(mail, StandardCharsets.UTF_8);
                if (text.contains("To: " + email)) {
                    Matcher matcher = Pattern.compile(">(\\d{6})<").matcher(decoded(text));
                    if (matcher.find()) {
                        code = matcher.group(1);
                    }
                }
            }
        }
        if (code == null) {
            throw new IllegalStateException("No code mailed to " + email);
        }
        byte[] verify = JSON.writeValueAsBytes(Map.of("email", email, "code", code));
        String answer = client.send(HttpRequest.newBuilder(login.resolve("/api/auth/verify-email"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(verify)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        JsonNode node = JSON.readTree(answer);
        return node.at("/data/token").asText();
    }

    private static String decoded(String mime) throws Exception {
        var message = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
        return String.valueOf(message.getContent());
    }
}
