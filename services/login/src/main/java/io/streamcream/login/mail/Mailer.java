package io.streamcream.login.mail;

/** Sends mail. Implementations: SMTP when a host is configured, the outbox folder otherwise. */
public interface Mailer {

    /**
     * Sends one message.
     *
     * @param message the message
     * @throws MailException when it could not be handed over
     */
    void send(MailMessage message);

    /** Thrown when a message could not be sent; the message never contains credentials. */
    final class MailException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what failed
         * @param cause   the underlying error
         */
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
