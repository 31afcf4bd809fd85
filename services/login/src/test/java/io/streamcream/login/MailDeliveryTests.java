package io.streamcream.login;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Mail delivery: with the SMTP server down, a sign-up keeps the user and the code and a later
 * resend goes through; with no SMTP host, mails land in the outbox as real .eml files.
 */
abstract class MailDeliveryTests {

    final TestClient client;
    final TestEnvironment env;

    MailDeliveryTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    /** A loopback port with nothing listening on it (for now). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> settings(int smtpPort) {
        return Map.of("mail.smtp.host", "127.0.0.1", "mail.smtp.port", String.valueOf(smtpPort),
                "mail.smtp.security", "none", "mail.smtp.timeout", "PT2S", "login.resend-cooldown", "PT1S");
    }

    abstract int smtpPort();

    @Test
    void smtpDownKeepsTheSignUpAndResendWorksLater() throws Exception {
        String email = "down_user@example.com";
        HttpReply reply = client.post("/api/auth/register", Map.of("username", "down_user", "email", email,
                "password", "long-enough-password"));
        assertThat(reply.toString(), reply.status(), is(503));
        assertThat(reply.json().get("message").asText(), is("邮件发送失败，请稍后重试"));
        assertThat(env.db().get("SELECT COUNT(*) AS n FROM users WHERE email_key = ?", email)
                .orElseThrow().column("n").get(Number.class).intValue(), is(1));
        assertThat(env.db().get("SELECT COUNT(*) AS n FROM email_codes WHERE target_key = ?", email)
                .orElseThrow().column("n").get(Number.class).intValue(), is(1));

        try (MailCatcher mail = new MailCatcher(smtpPort())) {
            Thread.sleep(1100);
            assertThat(client.post("/api/auth/resend-verification", Map.of("email", email)).status(), is(200));
            HttpReply verified = client.post("/api/auth/verify-email", Map.of("email", email,
                    "code", mail.latestCode(email)));
            assertThat(verified.toString(), verified.status(), is(200));
        }
    }

    /** Reads the newest outbox mail of a data directory. */
    static MimeMessage newestOutboxMail(Path dataDir) throws IOException, jakarta.mail.MessagingException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dataDir.resolve("outbox"))) {
            files = list.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(files, hasSize(1));
        try (InputStream in = Files.newInputStream(files.getLast())) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    /** Outbox mails are complete MIME messages carrying the code. */
    static void assertOutboxMail(Path dataDir, String email) throws Exception {
        MimeMessage message = newestOutboxMail(dataDir);
        assertThat(message.getSubject(), is("StreamCream 邮箱验证码"));
        assertThat(message.getAllRecipients()[0].toString(), is(email));
        String html = MailCatcher.content(message);
        assertThat(html, containsString("您的验证码是"));
        assertThat(html.replaceAll("(?s).*>(\\d{6})<.*", "$1"), matchesPattern("\\d{6}"));
    }
}
