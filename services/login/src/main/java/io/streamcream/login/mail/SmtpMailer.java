package io.streamcream.login.mail;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

/** Sends mail through the configured SMTP server (jakarta.mail / Angus Mail). */
public final class SmtpMailer implements Mailer {

    private final MailSettings settings;
    private final Session session;

    /**
     * @param settings server and sender
     */
    public SmtpMailer(MailSettings settings) {
        this.settings = settings;
        Properties props = new Properties();
        String timeout = String.valueOf(settings.timeout().toMillis());
        String protocol = settings.security().equals("ssl") ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.host());
        props.put("mail." + protocol + ".port", String.valueOf(settings.port()));
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        props.put("mail." + protocol + ".auth", String.valueOf(!settings.username().isEmpty()));
        if (settings.security().equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (settings.security().equals("ssl")) {
            props.put("mail.smtps.ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(MailMessage message) {
        try (Transport transport = session.getTransport()) {
            if (settings.username().isEmpty()) {
                transport.connect();
            } else {
                transport.connect(settings.username(), settings.password());
            }
            var mime = MimeMessages.create(session, settings.from(), message);
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException e) {
            throw new MailException("SMTP delivery to " + settings.host() + ":" + settings.port() + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
