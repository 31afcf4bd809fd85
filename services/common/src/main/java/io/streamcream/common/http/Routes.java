package io.streamcream.common.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/**
 * Declares the handlers of one path and answers every other method with a JSON 405 that lists the
 * allowed ones in {@code Allow}. Helidon alone would answer 404 there.
 *
 * <pre>{@code
 * Routes.path(rules, "/me").get(this::me).put(this::update).delete(this::remove).register();
 * }</pre>
 */
public final class Routes {

    private final HttpRules rules;
    private final String path;
    private final List<Method> methods = new ArrayList<>();
    private final List<Handler> handlers = new ArrayList<>();

    private Routes(HttpRules rules, String path) {
        this.rules = rules;
        this.path = path;
    }

    /**
     * Starts declaring a path.
     *
     * @param rules the rules of a service
     * @param path  path pattern relative to the service
     * @return the declaration
     */
    public static Routes path(HttpRules rules, String path) {
        return new Routes(rules, path);
    }

    /** @param handler GET handler @return this */
    public Routes get(Handler handler) {
        return on(Method.GET, handler);
    }

    /** @param handler POST handler @return this */
    public Routes post(Handler handler) {
        return on(Method.POST, handler);
    }

    /** @param handler PUT handler @return this */
    public Routes put(Handler handler) {
        return on(Method.PUT, handler);
    }

    /** @param handler PATCH handler @return this */
    public Routes patch(Handler handler) {
        return on(Method.PATCH, handler);
    }

    /** @param handler DELETE handler @return this */
    public Routes delete(Handler handler) {
        return on(Method.DELETE, handler);
    }

    /**
     * @param method  HTTP method
     * @param handler its handler
     * @return this
     */
    public Routes on(Method method, Handler handler) {
        methods.add(method);
        handlers.add(handler);
        return this;
    }

    /** Registers the handlers, then the 405 answer for every other method. */
    public void register() {
        for (int i = 0; i < methods.size(); i++) {
            rules.route(methods.get(i), path, handlers.get(i));
        }
        Set<String> allowed = new LinkedHashSet<>();
        methods.forEach(m -> allowed.add(m.text()));
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        String allow = allowed.stream().collect(Collectors.joining(", "));
        rules.any(path, (req, res) -> {
            throw ApiException.methodNotAllowed(allow);
        });
    }
}
