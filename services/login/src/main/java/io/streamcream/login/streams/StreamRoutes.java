package io.streamcream.login.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.common.streams.StreamRecord;

/** {@code /api/streams}: the caller's stream records (canonical face only). */
public final class StreamRoutes implements HttpService {

    private final StreamManager streams;
    private final Authenticator authenticator;

    /**
     * @param streams       record logic
     * @param authenticator token checks
     */
    public StreamRoutes(StreamManager streams, Authenticator authenticator) {
        this.streams = streams;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/").get(this::list).post(this::create).register();
        Routes.path(rules, "/{id}").get(this::get).patch(this::update).delete(this::delete).register();
    }

    private void list(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "获取成功", streams.list(caller.id()).stream().map(StreamRoutes::view).toList());
    }

    private void create(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        StreamForms.Create form = StreamForms.Create.parse(RequestJson.object(req));
        Responses.ok(res, Status.CREATED_201, "推流记录已创建", view(streams.create(caller.id(), form)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "获取成功", view(streams.get(caller.id(), id(req))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        long id = id(req);
        StreamForms.Patch patch = StreamForms.Patch.parse(RequestJson.object(req));
        Responses.ok(res, "推流记录已更新", view(streams.update(caller.id(), id, patch)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        long id = id(req);
        streams.delete(caller.id(), id);
        Responses.ok(res, "推流记录已删除", Map.of("id", id));
    }

    private static long id(ServerRequest req) {
        try {
            long id = Long.parseLong(req.path().pathParameters().get("id"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Not a number: no such record.
        }
        throw ApiException.notFound("推流记录不存在");
    }

    /** The document's Stream model (§2.1.3), times in ISO-8601 UTC, the key in clear for its owner. */
    static Map<String, Object> view(StreamRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", record.id());
        view.put("user_id", record.userId());
        view.put("title", record.title());
        view.put("description", record.description().isEmpty() ? null : record.description());
        view.put("stream_key", record.streamKey());
        view.put("is_live", record.live());
        view.put("start_time", iso(record.startTime()));
        view.put("end_time", iso(record.endTime()));
        view.put("created_at", record.createdAt().toString());
        return view;
    }

    private static String iso(Optional<java.time.Instant> time) {
        return time.map(java.time.Instant::toString).orElse(null);
    }
}
