package io.streamcream.streaming;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Builds the output address from a server URL and a stream key: {@code rtmp://} or {@code rtmps://}
 * only, an optional host allow-list, and exactly one {@code /} between URL and key. Everything else
 * (files, other protocols, FFmpeg option syntax) is refused before FFmpeg sees it.
 */
final class OutputUrls {

    private OutputUrls() {
    }

    /**
     * @param serverUrl    e.g. {@code rtmp://live-push.bilivideo.com/live-bvc/}
     * @param key          the stream key
     * @param allowedHosts allowed hosts; empty allows any
     * @return the full address
     */
    static String join(String serverUrl, String key, List<String> allowedHosts) {
        String url = serverUrl.strip();
        String streamKey = key.strip();
        if (hasControlOrSpace(url) || hasControlOrSpace(streamKey)) {
            throw invalid("推流地址或密钥含有空白或控制字符");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("推流地址格式无效");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
            throw invalid("推流地址只允许 rtmp:// 或 rtmps://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getRawAuthority() == null) {
            throw invalid("推流地址缺少主机名");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("推流地址不能包含用户信息");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("推流地址端口无效");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replace("/", "");
        if (path.isEmpty()) {
            throw invalid("推流地址缺少应用名 (例如 rtmp://host/live)");
        }
        if (!hostAllowed(host.toLowerCase(Locale.ROOT), allowedHosts)) {
            throw StreamException.policy("forbidden_host", "不允许推流到该服务器: " + host);
        }
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        while (streamKey.startsWith("/")) {
            streamKey = streamKey.substring(1);
        }
        if (streamKey.isEmpty()) {
            throw StreamException.policy("invalid_config", "缺少rtmp_url或stream_key");
        }
        return base + "/" + streamKey;
    }

    /**
     * The address with its key hidden, for status messages and logs.
     *
     * @param fullUrl an address built by {@link #join}
     * @return e.g. {@code rtmp://host/app/abcd****}
     */
    static String mask(String fullUrl) {
        int slash = fullUrl.lastIndexOf('/');
        String key = fullUrl.substring(slash + 1);
        String shown = key.length() > 8 ? key.substring(0, 4) : "";
        return fullUrl.substring(0, slash + 1) + shown + "****";
    }

    private static boolean hostAllowed(String host, List<String> allowedHosts) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        for (String allowed : allowedHosts) {
            String rule = allowed.toLowerCase(Locale.ROOT);
            if (rule.startsWith(".") ? host.endsWith(rule) || host.equals(rule.substring(1)) : host.equals(rule)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlOrSpace(String value) {
        return value.chars().anyMatch(c -> c <= 0x20 || c == 0x7F || Character.isWhitespace(c));
    }

    private static StreamException invalid(String message) {
        return StreamException.policy("invalid_url", message);
    }
}
