package io.streamcream.tts.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;

/** Sends an audio file with byte-range support (one range per request; others get the whole file). */
final class AudioReplies {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private AudioReplies() {
    }

    static void send(ServerRequest req, ServerResponse res, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw ApiException.notFound("文件不存在");
        }
        String etag = "\"" + file.getFileName() + "-" + size + "\"";
        res.header(HeaderNames.CONTENT_TYPE, "audio/wav");
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        res.header(HeaderNames.ETAG, etag);
        res.header("X-Content-Type-Options", "nosniff");
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=3600");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(etag::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        long start = 0;
        long end = size - 1;
        String range = req.headers().first(HeaderNames.RANGE).orElse("").strip();
        boolean partial = false;
        if (!range.isEmpty() && !range.contains(",")) {
            Matcher matcher = RANGE.matcher(range);
            if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                unsatisfiable(res, size);
                return;
            }
            try {
                if (matcher.group(1).isEmpty()) {
                    long suffix = Long.parseLong(matcher.group(2));
                    start = Math.max(0, size - suffix);
                } else {
                    start = Long.parseLong(matcher.group(1));
                    end = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
                }
            } catch (NumberFormatException e) {
                unsatisfiable(res, size);
                return;
            }
            if (start >= size || start > end) {
                unsatisfiable(res, size);
                return;
            }
            partial = true;
        }
        long length = end - start + 1;
        if (partial) {
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        }
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(length));
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r"); OutputStream out = res.outputStream()) {
            in.seek(start);
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unsatisfiable(ServerResponse res, long size) {
        throw new ApiException(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, "请求的范围无效")
                .withHeader("Content-Range", "bytes */" + size);
    }
}
