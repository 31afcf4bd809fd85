package io.streamcream.login.backgrounds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;

/**
 * Sends image bytes with the headers that make them safe and cacheable: the sniffed Content-Type,
 * {@code X-Content-Type-Options: nosniff}, a restrictive CSP, {@code Content-Disposition: inline},
 * ETag and Last-Modified, and 304 for a matching {@code If-None-Match} / {@code If-Modified-Since}.
 */
final class ImageReplies {

    /** Stored names are never reused or rewritten, so a named image may be cached for long. */
    static final String IMMUTABLE = "public, max-age=86400";
    /** "Latest" changes with every upload: revalidate each time. */
    static final String REVALIDATE = "no-cache";

    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");

    private ImageReplies() {
    }

    /**
     * Sends a stored background.
     *
     * @param req          the request
     * @param res          the response
     * @param background   the image
     * @param cacheControl Cache-Control value
     */
    static void send(ServerRequest req, ServerResponse res, Background background, String cacheControl) {
        headers(res, background.mediaType(), background.etag(), background.modifiedAt(), cacheControl,
                background.name().fileName());
        if (notModified(req, background.etag(), background.modifiedAt())) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        InputStream in;
        try {
            in = Files.newInputStream(background.file());
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("背景图片不存在");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.contentLength(background.size());
        try (in; OutputStream out = res.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the default image.
     *
     * @param req          the request
     * @param res          the response
     * @param image        the default image
     * @param cacheControl Cache-Control value
     */
    static void sendDefault(ServerRequest req, ServerResponse res, DefaultBackground image, String cacheControl) {
        headers(res, ImageType.PNG.mediaType(), image.etag(), image.modifiedAt(), cacheControl, DefaultBackground.NAME);
        if (notModified(req, image.etag(), image.modifiedAt())) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(image.png());
    }

    private static void headers(ServerResponse res, String mediaType, String etag, Instant modifiedAt,
                                String cacheControl, String fileName) {
        res.header(HeaderNames.CONTENT_TYPE, mediaType);
        res.header(NOSNIFF, "nosniff");
        res.header(CSP, "default-src 'none'; sandbox");
        res.header(HeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + fileName + "\"");
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                modifiedAt.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC)));
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
    }

    /** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since is only used without it. */
    private static boolean notModified(ServerRequest req, String etag, Instant modifiedAt) {
        Optional<String> noneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (noneMatch.isPresent()) {
            for (String candidate : noneMatch.get().split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        Optional<String> modifiedSince = req.headers().first(HeaderNames.IF_MODIFIED_SINCE);
        if (modifiedSince.isEmpty()) {
            return false;
        }
        try {
            ZonedDateTime since = ZonedDateTime.parse(modifiedSince.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return !modifiedAt.truncatedTo(ChronoUnit.SECONDS).isAfter(since.toInstant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
