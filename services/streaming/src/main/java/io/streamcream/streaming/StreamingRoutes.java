package io.streamcream.streaming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.websocket.WsCloseCodes;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;

/** {@code /api/streaming}: the caller's sessions, one session, and stopping one. */
final class StreamingRoutes implements HttpService {

    private final StreamingService service;

    StreamingRoutes(StreamingService service) {
        this.service = service;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/status").get(this::status).register();
        Routes.path(rules, "/sessions/{id}").get(this::session).delete(this::stop).register();
    }

    private void status(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = service.authenticator().require(request);
        List<Map<String, Object>> sessions = service.sessionsOf(user.id()).stream()
                .filter(s -> !s.ended())
                .map(StreamSession::status)
                .toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessions", sessions);
        data.put("active", sessions.size());
        data.put("max_sessions_per_user", service.settings().maxSessionsPerUser());
        Responses.ok(response, "获取推流状态成功", data);
    }

    private void session(ServerRequest request, ServerResponse response) {
        StreamSession session = owned(request);
        Responses.ok(response, "获取推流会话成功", session.status());
    }

    private void stop(ServerRequest request, ServerResponse response) {
        StreamSession session = owned(request);
        session.end(StreamSession.EndReason.STOPPED, WsCloseCodes.NORMAL_CLOSE);
        Responses.ok(response, Status.ACCEPTED_202, "推流正在停止", Map.of("session_id", session.id()));
    }

    private StreamSession owned(ServerRequest request) {
        AuthenticatedUser user = service.authenticator().require(request);
        String id = request.path().pathParameters().get("id");
        StreamSession session = service.find(id).filter(s -> !s.ended())
                .orElseThrow(() -> ApiException.notFound("推流会话不存在"));
        if (session.user().map(u -> u.id() != user.id()).orElse(true)) {
            throw ApiException.forbidden("只能查看或停止自己的推流会话");
        }
        return session;
    }
}
