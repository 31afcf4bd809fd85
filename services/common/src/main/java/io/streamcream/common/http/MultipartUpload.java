package io.streamcream.common.http;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;


/**
 * Reads the {@code file} part of a {@code multipart/form-data} request as a stream, with clear 4xx
 * answers for every way the request can be wrong. Other parts are read and dropped.
 */
public final class MultipartUpload {

    /** Room for part headers, other small fields and boundaries on top of the file itself. */
    private static final long ENVELOPE_ALLOWANCE = 64 * 1024;
    private static final String FIELD = "file";

    private MultipartUpload() {
    }

    /**
     * Hands the {@code file} part to a consumer.
     *
     * @param req         the request
     * @param maxFileSize largest accepted file (the consumer enforces it exactly; a request that
     *                    declares an obviously larger body is refused before reading)
     * @param consumer    reads the file
     * @param <T>         its result
     * @return the consumer's result
     */
    public static <T> T file(ServerRequest req, long maxFileSize, Function<java.io.InputStream, T> consumer) {
        return file(req, maxFileSize, (filename, in) -> consumer.apply(in));
    }

    /**
     * Hands the {@code file} part and the client's file name to a consumer.
     *
     * @param req         the request
     * @param maxFileSize largest accepted file
     * @param consumer    reads the file, given the client's file name (empty when none was sent)
     * @param <T>         its result
     * @return the consumer's result
     */
    public static <T> T file(ServerRequest req, long maxFileSize,
                             java.util.function.BiFunction<String, java.io.InputStream, T> consumer) {
        String boundary = boundary(req);
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("没有文件上传");
        }
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxFileSize + ENVELOPE_ALLOWANCE) {
            throw ApiException.tooLarge("文件过大（上限 " + maxFileSize + " 字节）");
        }
        MultipartReader parts = new MultipartReader(req.content().inputStream(), boundary);
        Optional<T> result = Optional.empty();
        while (parts.next()) {
            if (result.isEmpty() && FIELD.equals(parts.name())) {
                result = Optional.of(consumer.apply(parts.filename(), parts.body()));
            }
        }
        return result.orElseThrow(() -> ApiException.badRequest("没有文件上传（表单字段名必须是 file）"));
    }

    private static String boundary(ServerRequest req) {
        Optional<HttpMediaType> type;
        try {
            type = req.headers().contentType();
        } catch (RuntimeException e) {
            type = Optional.empty();
        }
        boolean multipart = type.isPresent()
                && type.get().type().toLowerCase(Locale.ROOT).equals("multipart")
                && type.get().subtype().toLowerCase(Locale.ROOT).equals("form-data");
        String boundary = multipart ? type.get().parameters().get("boundary") : null;
        if (boundary != null && boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            boundary = boundary.substring(1, boundary.length() - 1);
        }
        if (!multipart || !MultipartReader.validBoundary(boundary)) {
            throw ApiException.unsupportedMediaType("请使用 multipart/form-data 上传（带 boundary），文件字段名为 file");
        }
        return boundary;
    }
}
