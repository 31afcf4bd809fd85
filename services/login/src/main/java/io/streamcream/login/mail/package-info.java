/** Outgoing mail: SMTP or the outbox folder. */
package io.streamcream.login.mail;
