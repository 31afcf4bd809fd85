package io.streamcream.tts.synthesis;

import org.junit.jupiter.api.Test;

import io.streamcream.common.http.ApiException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NoVoiceBackendTest {

    @Test
    void saysWhereToPutAVoice() {
        ApiException error = assertThrows(ApiException.class,
                () -> new NoVoiceBackend().synthesize(new SynthesisRequest("你好", "", "zh", 1.0)));
        assertThat(error.status().code(), is(503));
        assertThat(error.getMessage(), containsString("tts.synthesis.endpoints"));
        assertThat(error.getMessage(), containsString("userdatas/tts/"));
    }
}
