package io.streamcream.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * A streaming {@code multipart/form-data} reader (RFC 7578 / RFC 2046 §5.1) with bounded memory:
 * one 64 KiB window over the request body, in which each part's body is handed out up to the next
 * delimiter. Part headers are limited to 16 KiB. Every malformation (missing delimiter, truncated
 * body, oversized headers) is a 400; nothing here trusts the client's part headers beyond the
 * field name.
 *
 * <p>Written for this project because the multipart reader of Helidon 4.1.2 fails on parts larger
 * than a few kilobytes (helidon-io/helidon#9365).
 */
public final class MultipartReader {

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("(?:^|;)\\s*filename\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))",
            Pattern.CASE_INSENSITIVE);

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;
    private boolean inBody = true;
    private String name = "";
    private String filename = "";

    /**
     * @param in       the request body
     * @param boundary the boundary parameter of the Content-Type
     */
    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[WINDOW + delimiter.length];
        // The first delimiter may start the body without a preceding line break: pretend there was one.
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /**
     * Checks a boundary parameter.
     *
     * @param boundary the value
     * @return whether RFC 2046 allows it
     */
    public static boolean validBoundary(String boundary) {
        return boundary != null && boundary.length() >= 1 && boundary.length() <= 70
                && boundary.chars().allMatch(c -> c >= 0x20 && c < 0x7F) && !boundary.endsWith(" ");
    }

    /**
     * Moves to the next part, skipping what is left of the current one (or the preamble).
     *
     * @return {@code false} after the closing delimiter
     */
    public boolean next() {
        if (finished) {
            return false;
        }
        byte[] skip = new byte[8192];
        while (readBody(skip, 0, skip.length) >= 0) {
            // Drain the rest of the current part.
        }
        // Now just after a delimiter.
        fill(2);
        if (available() >= 2 && buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true;
            return false;
        }
        while (available() > 0 || fill(1)) {
            byte b = buffer[start];
            if (b == ' ' || b == '\t') {
                start++;
            } else {
                break;
            }
        }
        expectLineBreak();
        String headers = readHeaders();
        name = disposition(headers, NAME);
        filename = disposition(headers, FILENAME);
        inBody = true;
        return true;
    }

    /** @return the {@code name} of the current part's Content-Disposition (empty when absent) */
    public String name() {
        return name;
    }

    /** @return the current part's body, ending at the next delimiter */
    public InputStream body() {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                int n;
                do {
                    n = readBody(one, 0, 1);
                } while (n == 0);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                int n;
                do {
                    n = readBody(target, offset, length);
                } while (n == 0);
                return n;
            }
        };
    }

    /** Reads body bytes of the current part; -1 at its delimiter (which is then consumed). */
    private int readBody(byte[] target, int offset, int length) {
        if (!inBody) {
            return -1;
        }
        fill(delimiter.length + 1);
        int found = indexOfDelimiter();
        if (found == start) {
            start += delimiter.length;
            inBody = false;
            return -1;
        }
        int safe;
        if (found >= 0) {
            safe = found - start;
        } else if (eof) {
            throw ApiException.badRequest("上传数据不完整（缺少 multipart 结束分隔符）");
        } else {
            safe = available() - (delimiter.length - 1);
        }
        int n = Math.min(length, safe);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(buffer, start, target, offset, n);
        start += n;
        return n;
    }

    private int indexOfDelimiter() {
        int last = end - delimiter.length;
        outer:
        for (int i = start; i <= last; i++) {
            for (int k = 0; k < delimiter.length; k++) {
                if (buffer[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String readHeaders() {
        StringBuilder headers = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers.toString();
            }
            headers.append(line).append('\n');
            if (headers.length() > MAX_HEADER_BYTES) {
                throw ApiException.badRequest("multipart 分段头过大");
            }
        }
    }

    private String readLine() {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (available() < 2 && !fill(2)) {
                throw ApiException.badRequest("上传数据不完整（multipart 分段头未结束）");
            }
            byte b = buffer[start];
            if (b == '\r' && buffer[start + 1] == '\n') {
                start += 2;
                return line.toString();
            }
            line.append((char) (b & 0xFF));
            start++;
            if (line.length() > MAX_HEADER_BYTES) {
                throw ApiException.badRequest("multipart 分段头过大");
            }
        }
    }

    private void expectLineBreak() {
        if (available() < 2 && !fill(2)) {
            throw ApiException.badRequest("上传数据不完整（multipart 分隔符后缺少换行）");
        }
        if (buffer[start] != '\r' || buffer[start + 1] != '\n') {
            throw ApiException.badRequest("multipart 请求格式无效（分隔符后缺少换行）");
        }
        start += 2;
    }

    /** @return the {@code filename} of the current part's Content-Disposition (empty when absent) */
    public String filename() {
        return filename;
    }

    private static String disposition(String headers, Pattern parameter) {
        for (String header : headers.split("\n")) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-disposition")) {
                Matcher matcher = parameter.matcher(header.substring(colon + 1));
                if (matcher.find()) {
                    return Optional.ofNullable(matcher.group(1)).orElse(matcher.group(2));
                }
            }
        }
        return "";
    }

    private int available() {
        return end - start;
    }

    /** Makes at least {@code wanted} bytes available unless the body ends first; returns whether it did. */
    private boolean fill(int wanted) {
        if (available() >= wanted) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, available());
            end -= start;
            start = 0;
        }
        try {
            while (!eof && available() < wanted) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("上传数据不完整或读取失败");
        }
        return available() >= wanted;
    }
}
