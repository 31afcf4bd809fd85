package io.streamcream.login.mail;

/**
 * One outgoing HTML mail.
 *
 * @param to      recipient address
 * @param subject subject line
 * @param html    HTML body
 */
public record MailMessage(String to, String subject, String html) {
}
