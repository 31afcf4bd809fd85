package io.streamcream.login.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

/**
 * Writes each mail as a real {@code .eml} file into the outbox folder, for installations with no
 * SMTP server (the embedded default). The log names the file, never its content.
 */
public final class OutboxMailer implements Mailer {

    private static final System.Logger LOG = System.getLogger(OutboxMailer.class.getName());

    private final Path outbox;
    private final String from;
    private final Session session = Session.getInstance(new Properties());

    /**
     * @param outbox folder for the files
     * @param from   sender address
     */
    public OutboxMailer(Path outbox, String from) {
        this.outbox = outbox;
        this.from = from;
    }

    @Override
    public void send(MailMessage message) {
        String name = Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID() + ".eml";
        Path target = outbox.resolve(name);
        try {
            Files.createDirectories(outbox);
            Path temp = Files.createTempFile(outbox, ".mail-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                MimeMessages.create(session, from, message).writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.INFO, "No SMTP server configured: mail \"" + message.subject() + "\" written to " + target);
        } catch (IOException | MessagingException e) {
            throw new MailException("Could not write mail to the outbox " + outbox, e);
        }
    }
}
