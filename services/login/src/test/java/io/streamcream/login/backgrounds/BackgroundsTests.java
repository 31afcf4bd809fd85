package io.streamcream.login.backgrounds;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.login.preferences.TestAccounts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Background uploads and serving on both faces against a real server (H2 and PostgreSQL subclasses;
 * the files live on disk, the users in the database). The environment's quota is 12 MiB.
 */
abstract class BackgroundsTests {

    static final Map<String, String> SETTINGS = Map.of("backgrounds.quota-bytes", String.valueOf(12 * 1024 * 1024));
    static final String NAME_PATTERN = "[1-9][0-9]*-[0-9a-f]{44}\\.(png|jpg|webp|gif|bmp)";
    static final byte[] HTML = "<html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.US_ASCII);

    final TestClient client;
    final TestEnvironment env;

    BackgroundsTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    HttpReply upload(String path, String token, String field, String fileName, String type, byte[] data) {
        String boundary = "----streamcream-test-boundary-7d3f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(data);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = client.request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build());
    }

    HttpReply upload(String token, String fileName, String type, byte[] data) {
        return upload("/api/files/upload-background", token, "file", fileName, type, data);
    }

    String uploaded(String token, byte[] data) {
        HttpReply reply = upload(token, "bg.png", "image/png", data);
        assertThat(reply.toString(), reply.status(), is(201));
        return reply.json().at("/data/filename").asText();
    }

    HttpReply get(String path, String token, String... headers) {
        HttpRequest.Builder request = client.request(path).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build());
    }

    static void assertError(HttpReply reply, int status, String message) {
        assertThat(reply.status() + " " + reply.text().substring(0, Math.min(300, reply.text().length())),
                reply.status(), is(status));
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean(), is(false));
        assertThat(body.get("code").asInt(), is(status));
        assertThat(body.get("message").asText(), containsString(message));
    }

    static void assertImage(HttpReply reply, String mediaType, byte[] expected) {
        assertThat(reply.status(), is(200));
        assertThat(reply.header("Content-Type").orElse(""), is(mediaType));
        assertThat(reply.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        assertThat(reply.header("ETag").orElse(""), startsWith("\""));
        assertThat(reply.header("Last-Modified").orElse(""), endsWith("GMT"));
        if (expected != null) {
            assertThat(java.util.Arrays.equals(reply.body(), expected), is(true));
        }
    }

    List<String> filesOnDisk(long userId) {
        Path folder = env.dataDir().resolve("users").resolve(Long.toString(userId)).resolve("backgrounds");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyFormatIsAcceptedOnBothFacesAndServedAsSniffed() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_formats");
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("png", TestImages.png(64, 48));
        images.put("jpg", TestImages.jpeg(64, 48));
        images.put("gif", TestImages.gif(64, 48));
        images.put("bmp", TestImages.bmp(64, 48));
        images.put("webp", TestImages.webp(64, 48));
        Map<String, String> types = Map.of("png", "image/png", "jpg", "image/jpeg", "gif", "image/gif",
                "bmp", "image/bmp", "webp", "image/webp");
        boolean canonical = true;
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            String expectedType = types.get(image.getKey());
            // The declared name and type are wrong on purpose: only the bytes count.
            HttpReply reply = upload(canonical ? "/api/files/upload-background" : "/api/upload-background",
                    user.token(), "file", "背景 picture.txt", "application/octet-stream", image.getValue());
            String name;
            if (canonical) {
                assertThat(reply.toString(), reply.status(), is(201));
                JsonNode data = reply.json().get("data");
                name = data.get("filename").asText();
                assertThat(data.get("url").asText(), is("/api/files/backgrounds/" + name));
                assertThat(data.get("size").asLong(), is((long) image.getValue().length));
                assertThat(data.get("content_type").asText(), is(expectedType));
                assertThat(reply.json().get("code").asInt(), is(201));
            } else {
                assertThat(reply.toString(), reply.status(), is(200));
                JsonNode body = reply.json();
                assertThat(body.get("success").asBoolean(), is(true));
                name = body.get("filename").asText();
                assertThat(body.get("url").asText(), is("/api/get-background?name=" + name));
            }
            assertThat(name, matchesPattern(NAME_PATTERN));
            assertThat(name, startsWith(user.id() + "-"));
            assertThat(name, endsWith("." + image.getKey()));
            assertImage(get("/api/files/backgrounds/" + name, null), expectedType, image.getValue());
            assertImage(get("/api/get-background?name=" + name, null), expectedType, image.getValue());
            canonical = !canonical;
        }
        assertThat(filesOnDisk(user.id()).size(), is(5));
    }

    @Test
    void disguisedMarkupAndPolyglotsAreRefused() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_evil");
        byte[] png = TestImages.png(40, 30);
        byte[] jpeg = TestImages.jpeg(40, 30);
        byte[] gif = TestImages.gif(40, 30);
        Map<String, byte[]> refused = new LinkedHashMap<>();
        refused.put("svg renamed .png", ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>").getBytes(StandardCharsets.UTF_8));
        refused.put("html", HTML);
        refused.put("png + appended html", TestImages.concat(png, HTML));
        refused.put("png + appended bytes", TestImages.concat(png, TestImages.ascii("trailing")));
        refused.put("jpeg + appended html", TestImages.concat(jpeg, HTML));
        refused.put("gif + appended html", TestImages.concat(gif, HTML));
        refused.put("bmp + appended html", TestImages.concat(TestImages.bmp(8, 8), HTML));
        refused.put("webp + appended html", TestImages.concat(TestImages.webp(8, 8), HTML));
        refused.put("png text chunk with svg", TestImages.pngWithChunk(png, "tEXt",
                TestImages.ascii("Comment\0<svg onload=alert(1)>")));
        refused.put("jpeg comment with script", TestImages.jpegWithComment(jpeg, "<SCRIPT>alert(1)</SCRIPT>"));
        refused.put("gif comment with html", TestImages.gifWithComment(gif, "<html>x</html>"));
        refused.put("gif magic then html", TestImages.concat(TestImages.ascii("GIF89a"), HTML));
        refused.put("truncated png", java.util.Arrays.copyOf(png, png.length - 20));
        byte[] badCrc = png.clone();
        badCrc[30] ^= 0x01;
        refused.put("png with a broken crc", badCrc);
        refused.put("random bytes", TestImages.ascii("just some text that is no image at all"));
        refused.put("pdf", TestImages.ascii("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"));
        for (Map.Entry<String, byte[]> file : refused.entrySet()) {
            HttpReply reply = upload(user.token(), "bg.png", "image/png", file.getValue());
            assertThat(file.getKey(), reply.status(), is(415));
            assertError(reply, 415, "不支持的文件");
        }
        HttpReply compat = upload("/api/upload-background", user.token(), "file", "x.png", "image/png",
                TestImages.concat(png, HTML));
        assertError(compat, 415, "不支持的文件");
        assertError(upload(user.token(), "big.png", "image/png", TestImages.pngHeader(20_000, 10)), 400, "尺寸过大");
        // Nothing was kept, not even a temporary file.
        assertThat(filesOnDisk(user.id()), is(empty()));
    }

    @Test
    void tenMegabytesAreAcceptedAndOneByteMoreIsNot() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_size");
        byte[] limit = TestImages.pngOfSize(10 * 1024 * 1024);
        long start = System.nanoTime();
        HttpReply accepted = upload(user.token(), "big.png", "image/png", limit);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(accepted.toString(), accepted.status(), is(201));
        assertThat(accepted.json().at("/data/size").asLong(), is(10L * 1024 * 1024));
        assertThat("10 MB upload took " + millis + " ms", millis < 5_000, is(true));
        assertImage(get(accepted.json().at("/data/url").asText(), null), "image/png", limit);

        TestAccounts.SignedIn other = TestAccounts.create(env, "bg_size2");
        byte[] over = TestImages.pngOfSize(10 * 1024 * 1024 + 1);
        assertError(upload(other.token(), "big.png", "image/png", over), 413, "文件过大");
        assertError(upload("/api/upload-background", other.token(), "file", "big.png", "image/png", over), 413, "文件过大");
        assertThat(filesOnDisk(other.id()), is(empty()));
    }

    @Test
    void theQuotaIsPerUserAndFreedByDeleting() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_quota");
        byte[] five = TestImages.pngOfSize(5 * 1024 * 1024);
        String first = uploaded(user.token(), five);
        uploaded(user.token(), five);
        assertError(upload(user.token(), "third.png", "image/png", five), 413, "配额");
        assertError(upload("/api/upload-background", user.token(), "file", "third.png", "image/png", five), 413, "配额");
        // Another user has a quota of their own.
        uploaded(TestAccounts.create(env, "bg_quota2").token(), five);

        HttpReply listing = get("/api/files/backgrounds", user.token());
        assertThat(listing.json().at("/data/used_bytes").asLong(), is(10L * 1024 * 1024));
        assertThat(listing.json().at("/data/quota_bytes").asLong(), is(12L * 1024 * 1024));

        assertThat(client.json("DELETE", "/api/files/backgrounds/" + first, "", user.token()).status(), is(200));
        uploaded(user.token(), five);
        assertThat(filesOnDisk(user.id()).size(), is(2));
    }

    @Test
    void listLatestByNameAndDeleteOnBothFaces() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_list");
        byte[] older = TestImages.png(20, 20);
        byte[] newer = TestImages.jpeg(30, 30);
        // Without any upload: the default image, drawn by the project.
        HttpReply none = get("/api/files/backgrounds/latest", user.token());
        assertImage(none, "image/png", null);
        assertDefaultImage(none.body());
        assertThat(get("/api/files/backgrounds", user.token()).json().at("/data/backgrounds").size(), is(0));

        String a = uploaded(user.token(), older);
        HttpReply second = upload("/api/upload-background", user.token(), "file", "b.jpg", "image/jpeg", newer);
        String b = second.json().get("filename").asText();

        JsonNode canonical = get("/api/files/backgrounds", user.token()).json();
        assertThat(canonical.get("success").asBoolean(), is(true));
        List<String> names = new ArrayList<>();
        canonical.at("/data/backgrounds").forEach(item -> names.add(item.get("filename").asText()));
        assertThat(names, is(List.of(b, a)));
        JsonNode firstItem = canonical.at("/data/backgrounds/0");
        assertThat(firstItem.get("content_type").asText(), is("image/jpeg"));
        assertThat(firstItem.get("size").asLong(), is((long) newer.length));
        assertThat(firstItem.get("uploaded_at").asText(), endsWith("Z"));

        HttpReply compat = get("/api/list-backgrounds", user.token());
        assertThat(compat.json().toString(), is("{\"backgrounds\":[\"" + b + "\",\"" + a + "\"]}"));
        // The original frontend lists without a token: nobody's names are handed out.
        assertThat(get("/api/list-backgrounds", null).json().toString(), is("{\"backgrounds\":[]}"));
        assertError(get("/api/list-backgrounds", "forged.token.value"), 401, "无效令牌");

        assertImage(get("/api/files/backgrounds/latest", user.token()), "image/jpeg", newer);
        assertImage(get("/api/get-background", user.token()), "image/jpeg", newer);
        HttpReply anonymous = get("/api/get-background", null);
        assertImage(anonymous, "image/png", null);
        assertDefaultImage(anonymous.body());

        HttpReply deleted = client.json("DELETE", "/api/files/backgrounds/" + b, "", user.token());
        assertThat(deleted.toString(), deleted.status(), is(200));
        assertThat(deleted.json().at("/data/filename").asText(), is(b));
        assertError(client.json("DELETE", "/api/files/backgrounds/" + b, "", user.token()), 404, "不存在");
        assertError(get("/api/files/backgrounds/" + b, null), 404, "不存在");
        assertError(get("/api/get-background?name=" + b, null), 404, "不存在");
        assertImage(get("/api/files/backgrounds/latest", user.token()), "image/png", older);
        assertThat(filesOnDisk(user.id()), is(List.of(a)));
    }

    private static void assertDefaultImage(byte[] png) {
        try {
            var image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth(), is(1280));
            assertThat(image.getHeight(), is(720));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void conditionalRequestsAnswer304() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_cache");
        String name = uploaded(user.token(), TestImages.png(16, 16));
        HttpReply first = get("/api/files/backgrounds/" + name, null);
        String etag = first.header("ETag").orElseThrow();
        String modified = first.header("Last-Modified").orElseThrow();
        assertThat(first.header("Cache-Control").orElse(""), containsString("max-age"));
        assertThat(first.header("Content-Disposition").orElse(""), containsString(name));

        HttpReply cached = get("/api/files/backgrounds/" + name, null, "If-None-Match", etag);
        assertThat(cached.status(), is(304));
        assertThat(cached.body().length, is(0));
        assertThat(cached.header("ETag").orElse(""), is(etag));
        assertThat(get("/api/get-background?name=" + name, null, "If-None-Match", "\"other\", W/" + etag).status(), is(304));
        assertThat(get("/api/files/backgrounds/" + name, null, "If-None-Match", "\"other\"").status(), is(200));
        assertThat(get("/api/files/backgrounds/" + name, null, "If-Modified-Since", modified).status(), is(304));
        assertThat(get("/api/files/backgrounds/" + name, null,
                "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").status(), is(200));
        // If-None-Match wins over If-Modified-Since.
        assertThat(get("/api/files/backgrounds/" + name, null, "If-None-Match", "\"other\"",
                "If-Modified-Since", modified).status(), is(200));
        assertThat(get("/api/files/backgrounds/latest", user.token(), "If-None-Match", etag).status(), is(304));

        HttpReply fallback = get("/api/get-background", null);
        assertThat(fallback.header("Cache-Control").orElse(""), is("no-cache"));
        assertThat(get("/api/get-background", null, "If-None-Match", fallback.header("ETag").orElseThrow()).status(),
                is(304));
    }

    @Test
    void onlyExactStoredNamesAreServed() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_names");
        String name = uploaded(user.token(), TestImages.png(16, 16));
        String base = name.substring(0, name.lastIndexOf('.'));
        List<String> paths = List.of(
                "/api/files/backgrounds/..%2f..%2f..%2fkeys%2fpreferences-aes.key",
                "/api/files/backgrounds/%2e%2e%2f%2e%2e%2fkeys%2fpreferences-aes.key",
                "/api/files/backgrounds/..%252f..%252fkeys%252fpreferences-aes.key",
                "/api/files/backgrounds/..%5c..%5ckeys%5cpreferences-aes.key",
                "/api/files/backgrounds/" + name.toUpperCase(),
                "/api/files/backgrounds/" + base + ".jpg",
                "/api/files/backgrounds/" + name + "%20",
                "/api/files/backgrounds/" + name.replaceFirst("-", "-0"),
                "/api/files/backgrounds/default.jpg",
                "/api/get-background?name=..%2f..%2f..%2fkeys%2fpreferences-aes.key",
                "/api/get-background?name=../" + user.id() + "/backgrounds/" + name,
                "/api/get-background?name=" + name + "%00",
                "/api/get-background?name=%2e%2e%2f" + name,
                "/api/get-background?name=" + user.id() + "%2fbackgrounds%2f" + name,
                "/api/get-background?name=.upload-000000000000000000000000.part",
                "/api/get-background?name=default.jpg");
        for (String path : paths) {
            HttpReply reply = get(path, user.token());
            assertThat(path, reply.status(), is(404));
            assertThat(path, reply.header("Content-Type").orElse(""), startsWith("application/json"));
            assertThat(path, reply.text(), not(containsString("PNG")));
        }
        assertThat(get("/api/files/backgrounds/" + name, null).status(), is(200));
    }

    @Test
    void ownedOperationsAreClosedToOtherUsers() {
        TestAccounts.SignedIn owner = TestAccounts.create(env, "bg_owner");
        TestAccounts.SignedIn intruder = TestAccounts.create(env, "bg_intruder");
        byte[] image = TestImages.png(12, 12);
        String name = uploaded(owner.token(), image);

        assertError(client.json("DELETE", "/api/files/backgrounds/" + name, "", intruder.token()), 404, "不存在");
        assertThat(get("/api/files/backgrounds", intruder.token()).json().at("/data/backgrounds").size(), is(0));
        assertThat(get("/api/list-backgrounds", intruder.token()).json().get("backgrounds").size(), is(0));
        assertDefaultImage(get("/api/files/backgrounds/latest", intruder.token()).body());
        assertDefaultImage(get("/api/get-background", intruder.token()).body());
        // Still there for its owner; the public by-name GET is by design (unguessable names).
        assertThat(filesOnDisk(owner.id()), is(List.of(name)));
        assertImage(get("/api/files/backgrounds/" + name, null), "image/png", image);
    }

    @Test
    void badUploadRequestsAreClear4xx() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "bg_bad");
        byte[] png = TestImages.png(10, 10);
        assertError(upload(null, "a.png", "image/png", png), 401, "未提供令牌");
        assertError(upload("/api/upload-background", null, "file", "a.png", "image/png", png), 401, "未提供令牌");
        assertError(upload("/api/files/upload-background", "bad.token.here", "file", "a.png", "image/png", png), 401, "");
        assertError(client.post("/api/files/upload-background", Map.of("file", "x"), user.token()), 415, "multipart");
        assertError(client.post("/api/upload-background", Map.of("file", "x"), user.token()), 415, "multipart");
        assertError(upload("/api/files/upload-background", user.token(), "image", "a.png", "image/png", png), 400, "没有文件上传");
        assertError(upload(user.token(), "empty.png", "image/png", new byte[0]), 400, "没有选择文件");
        HttpReply truncated = client.send(client.request("/api/files/upload-background")
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "multipart/form-data; boundary=zzz")
                .POST(HttpRequest.BodyPublishers.ofString("--zzz\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"a.png\"\r\n\r\nabc")).build());
        assertThat(truncated.toString(), truncated.status(), is(400));
        HttpReply wrongMethod = get("/api/files/upload-background", user.token());
        assertError(wrongMethod, 405, "POST");
        assertError(get("/api/files/backgrounds", null), 401, "未提供令牌");
        assertError(get("/api/files/backgrounds/latest", null), 401, "未提供令牌");
        assertError(client.json("DELETE", "/api/files/backgrounds/x.png", "", null), 401, "未提供令牌");
        assertThat(filesOnDisk(user.id()), is(empty()));
    }
}
