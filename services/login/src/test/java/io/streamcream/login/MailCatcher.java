package io.streamcream.login;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server (GreenMail) on a free loopback port, and reading codes from what it got. */
final class MailCatcher implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile(">(\\d{6})<");

    private final GreenMail server;

    MailCatcher() {
        this(0);
    }

    MailCatcher(int port) {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    int port() {
        return server.getSmtp().getPort();
    }

    /** The settings that point the login service at this server. */
    java.util.Map<String, String> settings() {
        return java.util.Map.of("mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", String.valueOf(port()),
                "mail.smtp.security", "none",
                "mail.from", "StreamCream <no-reply@streamcream.test>");
    }

    /** All messages received so far for an address. */
    List<MimeMessage> messagesTo(String address) {
        return List.of(server.getReceivedMessages()).stream()
                .filter(m -> recipients(m).contains(address.toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    /** The code of the newest message to an address, waiting briefly for it. */
    String latestCode(String address) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> messages = messagesTo(address);
            if (!messages.isEmpty()) {
                Matcher matcher = CODE.matcher(content(messages.getLast()));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No mail with a code reached " + address);
    }

    static String content(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipients(MimeMessage message) {
        try {
            StringBuilder all = new StringBuilder();
            for (var address : message.getRecipients(Message.RecipientType.TO)) {
                all.append(address.toString().toLowerCase(java.util.Locale.ROOT)).append(' ');
            }
            return all.toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
