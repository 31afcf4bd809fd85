package io.streamcream.streaming;

import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputUrlsTest {

    private static final StreamingSettings SETTINGS = StreamingSettings.create(Config.just(ConfigSources.create(Map.of())));

    @Test
    void joinsWithExactlyOneSlash() {
        assertThat(OutputUrls.join("rtmp://live-push.bilivideo.com/live-bvc/", "abc123", List.of()),
                is("rtmp://live-push.bilivideo.com/live-bvc/abc123"));
        assertThat(OutputUrls.join("rtmp://host/live", "/key?x=1&y=2", List.of()), is("rtmp://host/live/key?x=1&y=2"));
        assertThat(OutputUrls.join("RTMPS://host:443/app//", "k", List.of()), is("RTMPS://host:443/app/k"));
    }

    @Test
    void refusesEverythingButRtmp() {
        for (String url : List.of("file:///etc/passwd", "/tmp/out.flv", "http://host/live", "tcp://host:1/x",
                "rtmp:/nohost", "rtmp://", "rtmp://user:pw@host/live", "rtmp://host", "rtmp://host/ live",
                "concat:rtmp://host/a", "rtmp://host:0/live", "subfile,,start,0,end,0,,:/etc/passwd")) {
            StreamException e = assertThrows(StreamException.class, () -> OutputUrls.join(url, "key", List.of()), url);
            assertThat(url, e.closeCode(), is(1008));
        }
        assertThrows(StreamException.class, () -> OutputUrls.join("rtmp://host/live", "bad key", List.of()));
        assertThrows(StreamException.class, () -> OutputUrls.join("rtmp://host/live", "ke\ny", List.of()));
    }

    @Test
    void appliesTheHostAllowList() {
        List<String> allowed = List.of(".bilivideo.com", "push.example.org");
        assertThat(OutputUrls.join("rtmp://live-push.bilivideo.com/live-bvc", "k", allowed),
                is("rtmp://live-push.bilivideo.com/live-bvc/k"));
        assertThat(OutputUrls.join("rtmp://push.example.org/live", "k", allowed), is("rtmp://push.example.org/live/k"));
        StreamException e = assertThrows(StreamException.class,
                () -> OutputUrls.join("rtmp://127.0.0.1/live", "k", allowed));
        assertThat(e.code(), is("forbidden_host"));
        assertThrows(StreamException.class, () -> OutputUrls.join("rtmp://evilbilivideo.com/live", "k", allowed));
    }

    @Test
    void masksTheKey() {
        assertThat(OutputUrls.mask("rtmp://host/live/abcdefghijkl"), is("rtmp://host/live/abcd****"));
        assertThat(OutputUrls.mask("rtmp://host/live/short"), is("rtmp://host/live/****"));
    }

    @Test
    void parsesTheOriginalAndTheDocumentedForms() {
        StreamConfig original = StreamConfig.parse(Json.text(Map.of("action", "start_stream", "topic", "今天的话题",
                "rtmp_url", "rtmp://live-push.bilivideo.com/live-bvc/", "stream_key", "abc123")), SETTINGS);
        assertThat(original.destinations(), contains("rtmp://live-push.bilivideo.com/live-bvc/abc123"));
        assertThat(original.title(), is("今天的话题"));
        assertThat(original.fps(), is(30));
        StreamConfig documented = StreamConfig.parse(Json.text(Map.of("rtmp_url", "rtmp://a/live", "stream_key", "k1",
                "resolution", "1920x1080", "fps", 60, "bitrate", 4000, "audio_codec", "aac", "video_codec", "h264",
                "destinations", List.of("rtmp://b/live/k2", Map.of("rtmp_url", "rtmps://c/app", "stream_key", "k3")))),
                SETTINGS);
        assertThat(documented.destinations(), contains("rtmp://a/live/k1", "rtmp://b/live/k2", "rtmps://c/app/k3"));
        assertThat(documented.width(), is(1920));
        assertThat(documented.height(), is(1080));
        assertThat(documented.bitrate(), is(4000));
    }

    @Test
    void keepsTheOriginalErrorTexts() {
        for (String message : List.of("not json", "[1,2]", "\"text\"", "{", "")) {
            StreamException e = assertThrows(StreamException.class, () -> StreamConfig.parse(message, SETTINGS));
            assertThat(message, e.getMessage(), is("首条消息必须为JSON，包含rtmp_url和stream_key"));
        }
        for (String message : List.of("{}", "{\"rtmp_url\":\"rtmp://a/live\"}", "{\"stream_key\":\"k\"}",
                "{\"rtmp_url\":\"\",\"stream_key\":\"k\"}", "{\"action\":\"end_stream\"}")) {
            StreamException e = assertThrows(StreamException.class, () -> StreamConfig.parse(message, SETTINGS));
            assertThat(message, e.getMessage(), is("缺少rtmp_url或stream_key"));
        }
    }

    @Test
    void rejectsBadOptionalFields() {
        for (Map<String, Object> extra : List.<Map<String, Object>>of(Map.of("fps", 0), Map.of("fps", "abc"),
                Map.of("bitrate", 10), Map.of("resolution", "big"), Map.of("resolution", "10000x10"),
                Map.of("audio_codec", "mp3"), Map.of("video_codec", "vp9"), Map.of("destinations", "rtmp://x/y/z"),
                Map.of("destinations", List.of("file:///tmp/x")))) {
            var config = new java.util.HashMap<String, Object>(Map.of("rtmp_url", "rtmp://a/live", "stream_key", "k"));
            config.putAll(extra);
            StreamException e = assertThrows(StreamException.class, () -> StreamConfig.parse(Json.text(config), SETTINGS),
                    extra.toString());
            assertThat(e.closeCode(), is(1008));
        }
    }
}
