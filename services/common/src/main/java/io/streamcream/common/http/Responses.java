package io.streamcream.common.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.json.Json;

/** Writes JSON answers. Every JSON body of every service goes out through here. */
public final class Responses {

    private Responses() {
    }

    /**
     * Sends a JSON body.
     *
     * @param response the response
     * @param status   HTTP status
     * @param body     value to serialise
     */
    public static void json(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(Json.bytes(body));
    }

    /**
     * Sends a successful envelope with status 200.
     *
     * @param response the response
     * @param message  outcome text
     * @param data     payload
     */
    public static void ok(ServerResponse response, String message, Object data) {
        json(response, Status.OK_200, ApiResponse.ok(200, message, data));
    }

    /**
     * Sends a successful envelope with a given status.
     *
     * @param response the response
     * @param status   HTTP status (2xx)
     * @param message  outcome text
     * @param data     payload
     */
    public static void ok(ServerResponse response, Status status, String message, Object data) {
        json(response, status, ApiResponse.ok(status.code(), message, data));
    }
}
