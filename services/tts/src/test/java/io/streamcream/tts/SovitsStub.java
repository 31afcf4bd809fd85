package io.streamcream.tts;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.streamcream.tts.audio.PcmAudio;
import io.streamcream.tts.audio.Wav;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A GPT-SoVITS api_v2 endpoint played by WireMock on 127.0.0.1: {@code /tts} answers a WAV. */
final class SovitsStub implements AutoCloseable {

    static final int RATE = 32_000;

    final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    SovitsStub() {
        server.start();
        answerWith(0.5);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Answers every /tts with a tone of the given length, in upstream's streaming WAV form (data size 0). */
    void answerWith(double seconds) {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/tts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/wav").withBody(streamingWav(seconds))));
    }

    static byte[] streamingWav(double seconds) {
        short[] samples = new short[(int) (RATE * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Wav.toShort(0.3 * Math.sin(2 * Math.PI * 220 * i / RATE));
        }
        byte[] wav = Wav.encode(new PcmAudio(RATE, samples));
        java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 36).putInt(40, 0);
        return wav;
    }

    @Override
    public void close() {
        server.stop();
    }
}
