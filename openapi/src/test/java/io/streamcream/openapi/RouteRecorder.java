package io.streamcream.openapi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Collects the routes a service registers, as {@code "METHOD /full/path"}, by handing its routing
 * code a recording {@link HttpRouting.Builder}: services registered under a prefix get recording
 * rules with that prefix, so nested {@code register(...)} calls resolve to full paths. Handlers are
 * never called. Catch-all handlers ({@code any(...)}: CORS, the JSON 405 of {@code Routes}) are not
 * routes and are left out.
 */
final class RouteRecorder implements InvocationHandler {

    private static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch", "head", "options", "trace");

    private final Set<String> routes;
    private final String prefix;
    private final Object proxy;

    private RouteRecorder(Set<String> routes, String prefix) {
        this.routes = routes;
        this.prefix = prefix;
        this.proxy = Proxy.newProxyInstance(HttpRouting.Builder.class.getClassLoader(),
                new Class<?>[] {HttpRouting.Builder.class}, this);
    }

    /** @return a new recorder at the root */
    static RouteRecorder create() {
        return new RouteRecorder(new TreeSet<>(), "");
    }

    /** @return the routing builder to pass to the service's routing code */
    HttpRouting.Builder routing() {
        return (HttpRouting.Builder) proxy;
    }

    /** @return the routes seen so far, sorted */
    Set<String> routes() {
        return routes;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) {
        String name = method.getName();
        Object[] arguments = args == null ? new Object[0] : args;
        switch (name) {
        case "route" -> {
            if (arguments.length >= 2 && arguments[0] instanceof io.helidon.http.Method verb
                    && arguments[1] instanceof String path) {
                record(verb.text(), path);
            } else if (arguments.length >= 1 && arguments[0] instanceof io.helidon.http.Method) {
                throw new IllegalStateException("route without a path pattern cannot be documented: " + method);
            }
        }
        case "register" -> register(arguments);
        case "hashCode" -> {
            return System.identityHashCode(self);
        }
        case "equals" -> {
            return self == arguments[0];
        }
        case "toString" -> {
            return "RouteRecorder[" + prefix + "]";
        }
        default -> {
            if (VERBS.contains(name) && arguments.length >= 1 && arguments[0] instanceof String path) {
                record(name, path);
            } else if (VERBS.contains(name)) {
                throw new IllegalStateException(name + " without a path cannot be documented");
            }
        }
        }
        if (method.getReturnType().isInstance(proxy)) {
            return proxy;
        }
        if (method.getReturnType() == void.class) {
            return null;
        }
        throw new UnsupportedOperationException("not recordable: " + method);
    }

    private void register(Object[] arguments) {
        String path = "";
        int first = 0;
        if (arguments.length > 0 && arguments[0] instanceof String pattern) {
            path = pattern;
            first = 1;
        }
        RouteRecorder child = new RouteRecorder(routes, join(prefix, path));
        for (int i = first; i < arguments.length; i++) {
            Object argument = arguments[i];
            Object[] items = argument instanceof Object[] array ? array : new Object[] {argument};
            for (Object item : items) {
                HttpService service = item instanceof Supplier<?> supplier ? (HttpService) supplier.get() : (HttpService) item;
                service.routing((HttpRules) child.proxy);
            }
        }
    }

    private void record(String method, String path) {
        routes.add(method.toUpperCase(Locale.ROOT) + " " + normalize(join(prefix, path)));
    }

    private static String join(String prefix, String path) {
        return prefix + (path.startsWith("/") || path.isEmpty() ? path : "/" + path);
    }

    /**
     * @param path a path pattern
     * @return the pattern with single slashes and no trailing slash (except the root)
     */
    static String normalize(String path) {
        String single = path.replaceAll("/{2,}", "/");
        if (single.isEmpty()) {
            return "/";
        }
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }
}
