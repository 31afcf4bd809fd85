package io.streamcream.login.mail;

import java.io.UnsupportedEncodingException;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Builds the MIME form of a {@link MailMessage}, shared by both mailers. */
final class MimeMessages {

    private MimeMessages() {
    }

    static MimeMessage create(Session session, String from, MailMessage message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        try {
            InternetAddress sender = new InternetAddress(from, true);
            if (sender.getPersonal() != null) {
                sender.setPersonal(sender.getPersonal(), "UTF-8");
            }
            mime.setFrom(sender);
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("Bad sender name", e);
        }
        mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.to(), true));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(new Date());
        mime.setText(message.html(), "UTF-8", "html");
        mime.saveChanges();
        return mime;
    }
}
