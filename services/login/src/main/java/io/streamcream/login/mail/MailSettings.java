package io.streamcream.login.mail;

import java.time.Duration;
import java.util.Locale;

import io.helidon.config.Config;

/**
 * {@code mail.*}: SMTP server and sender. With no {@code mail.smtp.host}, mail goes to the outbox
 * folder instead.
 *
 * @param host     SMTP host, empty for the outbox
 * @param port     SMTP port
 * @param security {@code none}, {@code starttls} or {@code ssl}
 * @param username login, empty for none
 * @param password password (never logged)
 * @param from     sender address
 * @param timeout  connect and read timeout
 */
public record MailSettings(String host, int port, String security, String username, String password, String from,
                           Duration timeout) {

    /**
     * @param mail the {@code mail} node
     * @return the settings
     */
    public static MailSettings create(Config mail) {
        Config smtp = mail.get("smtp");
        String security = smtp.get("security").asString().orElse("starttls").toLowerCase(Locale.ROOT);
        if (!security.equals("none") && !security.equals("starttls") && !security.equals("ssl")) {
            throw new IllegalStateException("mail.smtp.security must be none, starttls or ssl");
        }
        int defaultPort = switch (security) {
            case "ssl" -> 465;
            case "starttls" -> 587;
            default -> 25;
        };
        return new MailSettings(
                smtp.get("host").asString().orElse("").strip(),
                smtp.get("port").asInt().orElse(defaultPort),
                security,
                smtp.get("username").asString().orElse(""),
                smtp.get("password").asString().orElse(""),
                mail.get("from").asString().orElse("StreamCream <no-reply@streamcream.local>"),
                smtp.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(10)));
    }

    /** @return whether an SMTP server is configured */
    public boolean smtp() {
        return !host.isEmpty();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", from=" + from + "]";
    }
}
