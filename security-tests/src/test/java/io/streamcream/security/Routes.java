package io.streamcream.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes of every service, read from the OpenAPI documents the services ship on their class path. */
final class Routes {

    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|patch|delete|head|options):\\s*$");
    private static final Pattern RESPONSE = Pattern.compile("^        '(\\d{3})':");

    /**
     * One operation.
     *
     * @param service  service name
     * @param method   upper-case HTTP method
     * @param path     path template
     * @param may503   whether the document lists a 503 answer for it
     */
    record Route(String service, String method, String path, boolean may503) {
    }

    private Routes() {
    }

    static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        routes.addAll(read("login", "openapi/login.yaml"));
        routes.addAll(read("tts", "openapi/tts.yaml"));
        routes.addAll(read("streaming", "openapi/streaming.yaml"));
        routes.addAll(read("sovits", "openapi/sovits.yaml"));
        return routes;
    }

    static List<Route> read(String service, String resource) {
        String text;
        try (InputStream in = Routes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Route> routes = new ArrayList<>();
        boolean inPaths = false;
        String path = null;
        String method = null;
        boolean may503 = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("paths:")) {
                inPaths = true;
                continue;
            }
            if (inPaths && !line.isEmpty() && !line.startsWith(" ")) {
                break;
            }
            if (!inPaths) {
                continue;
            }
            Matcher p = PATH.matcher(line);
            Matcher m = METHOD.matcher(line);
            Matcher r = RESPONSE.matcher(line);
            if (p.matches() || m.matches()) {
                if (method != null) {
                    routes.add(new Route(service, method, path, may503));
                }
                method = null;
                may503 = false;
                if (p.matches()) {
                    path = p.group(1);
                } else {
                    method = m.group(1).toUpperCase(Locale.ROOT);
                }
            } else if (r.matches() && r.group(1).equals("503")) {
                may503 = true;
            }
        }
        if (method != null) {
            routes.add(new Route(service, method, path, may503));
        }
        return routes;
    }
}
