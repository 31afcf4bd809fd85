package io.streamcream.common.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import io.streamcream.common.http.ApiResponse;
import io.streamcream.common.http.ErrorMapper;
import io.streamcream.common.json.Json;

/**
 * Answers errors that Helidon raises before routing (malformed requests, bodies over the server
 * limit, header overflow) with the same JSON envelope as every other error.
 */
final class JsonDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(Json.bytes(ApiResponse.error(status.code(), ErrorMapper.defaultMessage(status.code()), null)))
                .build();
    }
}
