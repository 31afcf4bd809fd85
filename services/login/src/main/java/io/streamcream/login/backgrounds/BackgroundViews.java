package io.streamcream.login.backgrounds;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of backgrounds. */
final class BackgroundViews {

    private BackgroundViews() {
    }

    /** Canonical URL of a stored background (public: the name is the capability). */
    static String url(Background background) {
        return "/api/files/backgrounds/" + background.name().fileName();
    }

    /** URL the original frontend uses. */
    static String compatUrl(Background background) {
        return "/api/get-background?name=" + background.name().fileName();
    }

    static Map<String, Object> canonical(Background background) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("filename", background.name().fileName());
        view.put("url", url(background));
        view.put("size", background.size());
        view.put("content_type", background.mediaType());
        view.put("uploaded_at", java.time.Instant.ofEpochMilli(background.name().uploadedMillis()).toString());
        return view;
    }
}
