package io.streamcream.common.config;

import java.util.Map;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class StreamCreamConfigTest {

    @Test
    void defaultsComeFromTheClassPath() {
        Config config = StreamCreamConfig.load(name -> null, Map.of());
        assertThat(config.get("services.login.port").asInt().get(), is(9080));
        assertThat(config.get("services.tts.port").asInt().get(), is(5001));
        assertThat(config.get("services.streaming.port").asInt().get(), is(8888));
        assertThat(config.get("services.sovits.port").asInt().get(), is(9880));
        assertThat(config.get("streamcream.data-dir").asString().get(), is("./data"));
        assertThat(config.get("db.pool-size").asInt().get(), is(20));
        assertThat(config.get("security.jwt.secret").asString().get(), is(""));
    }

    @Test
    void environmentVariablesOverrideAndOverridesWin() {
        Map<String, String> env = Map.of("STREAMCREAM_LOGIN_PORT", "19080", "STREAMCREAM_DATA_DIR", "/srv/sc",
                "STREAMCREAM_SOVITS_PORT", " 19880 ", "UNRELATED", "x");
        Config config = StreamCreamConfig.load(env::get, Map.of("services.sovits.port", "1"));
        assertThat(config.get("services.login.port").asInt().get(), is(19080));
        assertThat(config.get("streamcream.data-dir").asString().get(), is("/srv/sc"));
        assertThat(config.get("services.sovits.port").asInt().get(), is(1));
        assertThat(config.get("services.tts.port").asInt().get(), is(5001));
    }
}
