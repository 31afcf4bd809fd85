package io.streamcream.launcher;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** All four services in one JVM, each on its own (free) port. */
class LauncherIT {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void startsEveryServiceAndStopsThem(TestDatabase database) {
        TestEnvironment env = TestEnvironment.create(database, Map.of(
                "services.login.port", "0", "services.tts.port", "0",
                "services.streaming.port", "0", "services.sovits.port", "0"));
        try (Launcher launcher = Launcher.start(env.platform(), Launcher.selected(new String[0]))) {
            for (String service : List.of("login", "tts", "streaming", "sovits")) {
                TestClient client = new TestClient(URI.create("http://127.0.0.1:" + launcher.port(service)));
                HttpReply health = client.get("/health", null);
                assertThat(service, health.status(), is(200));
                assertThat(health.json().get("status").asText(), is("UP"));
                HttpReply unknown = client.get("/no/such/route", null);
                assertThat(unknown.status(), is(404));
                assertThat(unknown.json().get("success").asBoolean(), is(false));
            }
            TestClient login = new TestClient(URI.create("http://127.0.0.1:" + launcher.port("login")));
            assertThat(login.post("/api/auth/login", Map.of()).status(), is(400));
        } finally {
            env.close();
        }
    }

    @Test
    void serviceSelection() {
        assertThat(Launcher.selected(new String[] {"sovits,login"}), contains("login", "sovits"));
        assertThat(Launcher.selected(new String[] {"TTS", "tts"}), contains("tts"));
        assertThat(Launcher.selected(new String[0]), contains("login", "tts", "streaming", "sovits"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Launcher.selected(new String[] {"mail"}));
        assertThat(unknown.getMessage(), containsString("Known: login, tts, streaming, sovits"));
    }
}
