/** Accounts: registration, verification, login, password reset, profile changes. No HTTP here. */
package io.streamcream.login.account;
