package io.streamcream.login.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.login.account.User;

/** JSON shapes of a user. Password hashes and codes never leave the service. */
final class UserViews {

    private UserViews() {
    }

    /** The canonical user object. */
    static Map<String, Object> full(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("username", user.username());
        view.put("email", user.email());
        view.put("email_verified", user.emailVerified());
        view.put("created_at", user.createdAt().toString());
        if (user.hasPendingEmail()) {
            view.put("pending_email", user.pendingEmail());
        }
        return view;
    }

    /** The original's {@code {id, username, email}}. */
    static Map<String, Object> compat(User user) {
        return compat(user.id(), user.username(), user.email());
    }

    /** The original's {@code {id, username, email}} for the authenticated caller. */
    static Map<String, Object> compat(AuthenticatedUser user) {
        return compat(user.id(), user.username(), user.email());
    }

    private static Map<String, Object> compat(long id, String username, String email) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("username", username);
        view.put("email", email);
        return view;
    }
}
