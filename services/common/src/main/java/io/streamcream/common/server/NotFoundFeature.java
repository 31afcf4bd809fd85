package io.streamcream.common.server;

import io.helidon.common.Weighted;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.http.ApiException;

/**
 * The JSON 404 for paths no route matches. Registered as the lowest-weight feature so that it runs
 * after every route, including those of {@code /health} and {@code /metrics}.
 */
final class NotFoundFeature implements HttpFeature, Weighted {

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.any((req, res) -> {
            throw ApiException.notFound("接口不存在: " + req.path().absolute().path());
        });
    }

    @Override
    public double weight() {
        return 0.1;
    }
}
