package io.streamcream.login.backgrounds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Canonical background routes under {@code /api/files}. Everything needs a token except
 * {@code GET /backgrounds/{filename}}: names carry 128 random bits and the image is used as a CSS
 * {@code url()}, which cannot send a header.
 */
public final class BackgroundRoutes implements HttpService {

    private final BackgroundService backgrounds;
    private final Authenticator authenticator;

    /**
     * @param backgrounds   background logic
     * @param authenticator token checks
     */
    public BackgroundRoutes(BackgroundService backgrounds, Authenticator authenticator) {
        this.backgrounds = backgrounds;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/upload-background").post(this::upload).register();
        Routes.path(rules, "/backgrounds").get(this::list).register();
        Routes.path(rules, "/backgrounds/latest").get(this::latest).register();
        Routes.path(rules, "/backgrounds/{filename}").get(this::byName).delete(this::delete).register();
    }

    private void upload(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Background stored = MultipartUpload.file(req, backgrounds.settings().maxFileSize(),
                in -> backgrounds.upload(caller.id(), in));
        Responses.ok(res, Status.CREATED_201, "上传成功", BackgroundViews.canonical(stored));
    }

    private void list(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        List<Background> mine = backgrounds.list(caller.id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("backgrounds", mine.stream().map(BackgroundViews::canonical).toList());
        data.put("used_bytes", mine.stream().mapToLong(Background::size).sum());
        data.put("quota_bytes", backgrounds.settings().quotaBytes());
        Responses.ok(res, "获取成功", data);
    }

    private void latest(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        backgrounds.latest(caller.id()).ifPresentOrElse(
                background -> ImageReplies.send(req, res, background, ImageReplies.REVALIDATE),
                () -> ImageReplies.sendDefault(req, res, backgrounds.defaultImage(), ImageReplies.REVALIDATE));
    }

    private void byName(ServerRequest req, ServerResponse res) {
        Background background = backgrounds.byName(req.path().pathParameters().get("filename"))
                .orElseThrow(() -> ApiException.notFound("背景图片不存在"));
        ImageReplies.send(req, res, background, ImageReplies.IMMUTABLE);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        String name = req.path().pathParameters().get("filename");
        if (!backgrounds.delete(caller.id(), name)) {
            throw ApiException.notFound("背景图片不存在");
        }
        Responses.ok(res, "删除成功", Map.of("filename", name));
    }
}
