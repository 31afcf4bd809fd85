/** HTTP faces of the login service: canonical {@code /api/auth}, {@code /api/users}, and the original {@code /api} paths. */
package io.streamcream.login.http;
