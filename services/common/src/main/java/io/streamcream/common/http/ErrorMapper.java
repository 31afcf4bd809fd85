package io.streamcream.common.http;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Map;

import io.helidon.dbclient.DbClientException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.json.Json;
import io.streamcream.common.security.SecretCipher;

/**
 * The one place where exceptions become HTTP answers. Clients get the envelope with a clear
 * message and the right status; stack traces stay in the server log.
 */
public final class ErrorMapper {

    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.ofEntries(
            Map.entry(400, "请求错误"),
            Map.entry(401, "未授权"),
            Map.entry(403, "禁止访问"),
            Map.entry(404, "资源不存在"),
            Map.entry(405, "不支持的请求方法"),
            Map.entry(406, "不支持的响应格式"),
            Map.entry(409, "资源冲突"),
            Map.entry(413, "请求体过大"),
            Map.entry(414, "请求地址过长"),
            Map.entry(415, "不支持的内容类型"),
            Map.entry(422, "无法处理的请求内容"),
            Map.entry(429, "请求过于频繁"),
            Map.entry(431, "请求头过大"),
            Map.entry(500, "服务器内部错误"),
            Map.entry(503, "服务暂不可用"));

    private ErrorMapper() {
    }

    /**
     * Registers the error handlers on a routing.
     *
     * @param routing the routing of one service
     */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapper::apiError)
                .error(Json.MalformedJsonException.class, (req, res, e) ->
                        write(res, ApiException.badRequest("请求体不是有效的JSON")))
                .error(HttpException.class, ErrorMapper::httpError)
                .error(RequestException.class, (req, res, e) ->
                        write(res, new ApiException(e.status(), defaultMessage(e.status().code()))))
                .error(SecretCipher.SecretException.class, (req, res, e) -> {
                    LOG.log(Level.ERROR, "A stored secret cannot be decrypted on " + req.prologue().method() + " "
                            + req.path().absolute().path() + ": " + e.getMessage()
                            + " (was security.encryption-key changed or lost?)");
                    write(res, new ApiException(Status.INTERNAL_SERVER_ERROR_500,
                            "已保存的密钥无法解密（服务器的加密密钥可能已更换），请重新保存该设置"));
                })
                .error(DbClientException.class, ErrorMapper::databaseError)
                .error(SQLException.class, ErrorMapper::databaseError)
                .error(Throwable.class, ErrorMapper::unexpected);
    }

    /**
     * The message used when nothing more specific is known.
     *
     * @param status HTTP status code
     * @return a short message
     */
    public static String defaultMessage(int status) {
        return DEFAULT_MESSAGES.getOrDefault(status, status >= 500 ? "服务器内部错误" : "请求错误");
    }

    /**
     * Writes an error envelope for an exception.
     *
     * @param response where to write
     * @param error    the error
     */
    public static void write(ServerResponse response, ApiException error) {
        if (response.isSent()) {
            return;
        }
        error.retryAfter().ifPresent(delay ->
                response.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, ceilSeconds(delay)))));
        error.headers().forEach(response::header);
        Object data = error.fieldErrors().isEmpty() ? null : Map.of("errors", error.fieldErrors());
        Responses.json(response, error.status(), ApiResponse.error(error.status().code(), error.getMessage(), data));
    }

    private static long ceilSeconds(java.time.Duration delay) {
        long seconds = delay.toSeconds();
        return delay.toNanosPart() > 0 ? seconds + 1 : seconds;
    }

    private static void apiError(ServerRequest req, ServerResponse res, ApiException e) {
        write(res, e);
    }

    private static void httpError(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        if (status.code() >= 500) {
            LOG.log(Level.ERROR, "HTTP " + status.code() + " on " + req.prologue().method() + " "
                    + req.path().absolute().path(), e);
        }
        write(res, new ApiException(status, defaultMessage(status.code())));
    }

    private static void databaseError(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.ERROR, "Database failure on " + req.prologue().method() + " " + req.path().absolute().path(), e);
        write(res, ApiException.unavailable("数据库暂不可用，请稍后重试"));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ApiException api) {
                write(res, api);
                return;
            }
            if (cause instanceof SQLException || cause instanceof DbClientException) {
                databaseError(req, res, (Exception) cause);
                return;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        LOG.log(Level.ERROR, "Unexpected failure on " + req.prologue().method() + " " + req.path().absolute().path(), e);
        write(res, new ApiException(Status.INTERNAL_SERVER_ERROR_500, defaultMessage(500)));
    }
}
