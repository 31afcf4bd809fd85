package io.streamcream.login.preferences;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.ApiResponse;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;

/**
 * Preferences on both faces, registered under {@code /api}:
 * <ul>
 *     <li>{@code GET /api/preferences} (both faces, see {@link #get}),</li>
 *     <li>{@code PUT /api/preferences} replace, {@code PATCH /api/preferences} merge,
 *     {@code POST /api/preferences/reset} clear: canonical, envelope answers;</li>
 *     <li>{@code POST /api/preferences} merge and {@code POST /api/reset-preferences} clear:
 *     compatible, answering {@code {"success":true}} as the original did.</li>
 * </ul>
 */
public final class PreferencesRoutes implements HttpService {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("success", "message", "data", "timestamp", "code");

    private final PreferenceService preferences;
    private final Authenticator authenticator;

    /**
     * @param preferences   preference logic
     * @param authenticator token checks
     */
    public PreferencesRoutes(PreferenceService preferences, Authenticator authenticator) {
        this.preferences = preferences;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/preferences")
                .get(this::get)
                .put(this::replace)
                .patch(this::patch)
                .post(this::compatMerge)
                .register();
        Routes.path(rules, "/preferences/reset").post(this::reset).register();
        Routes.path(rules, "/reset-preferences").post(this::compatReset).register();
    }

    /**
     * Both faces share this path and method: the canonical face wants the envelope with the
     * preferences in {@code data}, while the original frontend reads the preference keys at the top
     * level of the body. The answer is therefore the envelope with the preference members also
     * mirrored at the top level (members named like an envelope field appear only in {@code data}).
     * Each client finds what it reads and ignores the rest.
     */
    private void get(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        ObjectNode document = preferences.get(caller.id());
        ApiResponse envelope = ApiResponse.ok(200, "获取成功", document);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", envelope.success());
        body.put("message", envelope.message());
        body.put("data", envelope.data());
        body.put("timestamp", envelope.timestamp());
        body.put("code", envelope.code());
        for (Map.Entry<String, JsonNode> member : document.properties()) {
            if (!ENVELOPE_FIELDS.contains(member.getKey())) {
                body.put(member.getKey(), member.getValue());
            }
        }
        Responses.json(res, Status.OK_200, body);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("请求体不能为空，请发送完整的偏好设置对象");
        }
        Responses.ok(res, "偏好设置已替换", preferences.replace(caller.id(), body(req)));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "偏好设置已更新", preferences.merge(caller.id(), body(req)));
    }

    private void reset(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "偏好设置已重置", preferences.reset(caller.id()));
    }

    private void compatMerge(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        preferences.merge(caller.id(), body(req));
        Responses.json(res, Status.OK_200, Map.of("success", true));
    }

    private void compatReset(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        preferences.reset(caller.id());
        Responses.json(res, Status.OK_200, Map.of("success", true));
    }

    private ObjectNode body(ServerRequest req) {
        // A body larger than the document limit can never be stored: 413 before parsing it.
        return RequestJson.object(req, preferences.maxDocumentBytes());
    }
}
