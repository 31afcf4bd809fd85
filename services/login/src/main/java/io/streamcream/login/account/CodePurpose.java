package io.streamcream.login.account;

/** What a one-time e-mail code is for. */
enum CodePurpose {
    /** Confirms a new account or a changed address. */
    VERIFY_EMAIL,
    /** Allows a password reset. */
    RESET_PASSWORD
}
