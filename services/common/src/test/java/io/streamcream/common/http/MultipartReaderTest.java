package io.streamcream.common.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.streamcream.common.http.ApiException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartReaderTest {

    private static final String BOUNDARY = "b0undary";

    /** Hands out at most {@code step} bytes per read, so delimiters straddle reads. */
    private static InputStream trickle(byte[] data, int step) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static byte[] body(String... partsAndNames) {
        StringBuilder text = new StringBuilder("preamble to ignore\r\n");
        for (int i = 0; i < partsAndNames.length; i += 2) {
            text.append("--").append(BOUNDARY).append("  \r\n")
                    .append("Content-Disposition: form-data; filename=\"x\"; name=\"").append(partsAndNames[i]).append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n")
                    .append(partsAndNames[i + 1]).append("\r\n");
        }
        text.append("--").append(BOUNDARY).append("--\r\nepilogue");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> read(byte[] data, int step) {
        MultipartReader reader = new MultipartReader(trickle(data, step), BOUNDARY);
        List<String> parts = new ArrayList<>();
        while (reader.next()) {
            try {
                parts.add(reader.name() + "=" + new String(reader.body().readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parts;
    }

    @Test
    void partsAreSplitExactlyWhateverTheReadSizes() {
        String tricky = "line\r\n--b0undar\r\n-- b0undary\r\n--notit\r\n";
        byte[] data = body("note", "hello", "file", tricky, "empty", "");
        for (int step : new int[] {1, 2, 3, 7, 13, 64, 100_000}) {
            assertThat("step " + step, read(data, step), is(List.of("note=hello", "file=" + tricky, "empty=")));
        }
    }

    @Test
    void largeBinaryPartsSurviveIntact() throws IOException {
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=file\r\n\r\n";
        byte[] data = concat(head.getBytes(StandardCharsets.ISO_8859_1), payload,
                ("\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.ISO_8859_1));
        MultipartReader reader = new MultipartReader(trickle(data, 5000), BOUNDARY);
        assertThat(reader.next(), is(true));
        assertThat(reader.name(), is("file"));
        assertThat(java.util.Arrays.equals(reader.body().readAllBytes(), payload), is(true));
        assertThat(reader.next(), is(false));
    }

    @Test
    void malformedBodiesAreBadRequests() {
        byte[] truncated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc")
                .getBytes(StandardCharsets.ISO_8859_1);
        ApiException missingEnd = assertThrows(ApiException.class, () -> read(truncated, 4));
        assertThat(missingEnd.status().code(), is(400));
        byte[] noHeaderEnd = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(assertThrows(ApiException.class, () -> read(noHeaderEnd, 4)).getMessage(), containsString("分段头"));
        byte[] hugeHeader = ("--" + BOUNDARY + "\r\nX: " + "a".repeat(20_000) + "\r\n\r\nx\r\n--" + BOUNDARY + "--")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(assertThrows(ApiException.class, () -> read(hugeHeader, 1000)).getMessage(), containsString("过大"));
        byte[] noDelimiter = "no multipart here".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(assertThrows(ApiException.class, () -> read(noDelimiter, 3)).status().code(), is(400));
    }

    @Test
    void boundariesAreChecked() {
        assertThat(MultipartReader.validBoundary("----WebKitFormBoundary7MA4YWxkTrZu0gW"), is(true));
        assertThat(MultipartReader.validBoundary(""), is(false));
        assertThat(MultipartReader.validBoundary("x".repeat(71)), is(false));
        assertThat(MultipartReader.validBoundary("ends with space "), is(false));
        assertThat(MultipartReader.validBoundary("tab\there"), is(false));
        assertThat(MultipartReader.validBoundary(null), is(false));
    }

    private static byte[] concat(byte[]... arrays) {
        int total = 0;
        for (byte[] a : arrays) {
            total += a.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
