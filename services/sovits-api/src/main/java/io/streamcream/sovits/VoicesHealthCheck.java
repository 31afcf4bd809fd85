package io.streamcream.sovits;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import io.streamcream.sovits.voices.VoiceService;

/**
 * {@code /health} of the GPT-SoVITS service: the installed voices, the current one and the bundles
 * that could not be used. The service is up without voices (it then answers 503 with where to put
 * one), so this check never reports down.
 */
final class VoicesHealthCheck implements HealthCheck {

    private final VoiceService voices;

    VoicesHealthCheck(VoiceService voices) {
        this.voices = voices;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "voices";
    }

    @Override
    public HealthCheckResponse call() {
        var scan = voices.engine().scan();
        return HealthCheckResponse.builder()
                .status(true)
                .detail("installed", String.join(",", voices.voiceNames()))
                .detail("current", voices.state().voice().orElse(""))
                .detail("unexported", scan.unexported().size())
                .detail("problems", scan.problems().size())
                .detail("models_dir", voices.settings().modelsDir().toString())
                .build();
    }
}
