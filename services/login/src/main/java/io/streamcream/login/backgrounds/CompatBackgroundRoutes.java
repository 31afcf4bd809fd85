package io.streamcream.login.backgrounds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.MultipartUpload;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;

/**
 * The original background routes under {@code /api} with their JSON shapes, minus their holes
 * (one global folder, any file type, no size limit, files served to anyone who lists them).
 *
 * <p>Token handling, route by route:
 * <ul>
 *     <li>{@code POST /api/upload-background} needs a token, as before.</li>
 *     <li>{@code GET /api/list-backgrounds} was unauthenticated and the original frontend still calls
 *     it with a bare {@code fetch} (no token). Listing everybody's files would hand out the
 *     unguessable names that protect them, so: with a token it lists the caller's backgrounds;
 *     without one it answers an empty list (same shape, nothing leaked). A token that is sent but
 *     invalid is a 401, like everywhere else.</li>
 *     <li>{@code GET /api/get-background?name=} needs no token (CSS {@code url()}); an unknown name
 *     is a 404 (the original fell back to a {@code default.jpg} that did not exist, also a 404).</li>
 *     <li>{@code GET /api/get-background} without a name: with a token, the caller's newest
 *     background; without one (the CSS case), the default image. Either way the default image
 *     answers when there is nothing newer.</li>
 * </ul>
 */
public final class CompatBackgroundRoutes implements HttpService {

    private final BackgroundService backgrounds;
    private final Authenticator authenticator;

    /**
     * @param backgrounds   background logic
     * @param authenticator token checks
     */
    public CompatBackgroundRoutes(BackgroundService backgrounds, Authenticator authenticator) {
        this.backgrounds = backgrounds;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/upload-background").post(this::upload).register();
        Routes.path(rules, "/list-backgrounds").get(this::list).register();
        Routes.path(rules, "/get-background").get(this::get).register();
    }

    private void upload(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Background stored = MultipartUpload.file(req, backgrounds.settings().maxFileSize(),
                in -> backgrounds.upload(caller.id(), in));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("filename", stored.name().fileName());
        body.put("url", BackgroundViews.compatUrl(stored));
        body.put("size", stored.size());
        body.put("content_type", stored.mediaType());
        Responses.json(res, Status.OK_200, body);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<String> names = caller(req)
                .map(user -> backgrounds.list(user.id()).stream().map(b -> b.name().fileName()).toList())
                .orElse(List.of());
        Responses.json(res, Status.OK_200, Map.of("backgrounds", names));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Optional<String> name = req.query().first("name").asOptional().filter(text -> !text.isEmpty());
        if (name.isPresent()) {
            Background background = backgrounds.byName(name.get())
                    .orElseThrow(() -> ApiException.notFound("背景图片不存在"));
            ImageReplies.send(req, res, background, ImageReplies.IMMUTABLE);
            return;
        }
        Optional<Background> latest = caller(req).flatMap(user -> backgrounds.latest(user.id()));
        if (latest.isPresent()) {
            ImageReplies.send(req, res, latest.get(), ImageReplies.REVALIDATE);
        } else {
            ImageReplies.sendDefault(req, res, backgrounds.defaultImage(), ImageReplies.REVALIDATE);
        }
    }

    /** The caller when a token is sent (401 when it is invalid), empty when none is. */
    private Optional<AuthenticatedUser> caller(ServerRequest req) {
        return Authenticator.bearerToken(req).map(authenticator::authenticate);
    }
}
