package io.streamcream.sovits.voices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.streamcream.common.http.ApiException;
import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.engine.EngineConfig;
import io.streamcream.sovits.engine.SovitsEngine;
import io.streamcream.sovits.engine.Voice;

/**
 * The voices of this process: the engine over the models folder, the catalog the clients see, the
 * reference recordings and the current choices of the api_v2 face.
 */
public final class VoiceService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(VoiceService.class.getName());

    private final SovitsSettings settings;
    private final SovitsEngine engine;
    private final ModelCatalog catalog;
    private final ReferenceStore references;
    private final VoiceState state = new VoiceState();

    private VoiceService(SovitsSettings settings, SovitsEngine engine) {
        this.settings = settings;
        this.engine = engine;
        this.references = new ReferenceStore(settings);
        this.catalog = new ModelCatalog(settings.modelsDir(), references);
    }

    /**
     * Opens the engine over the models folder (created when missing); nothing is loaded until a voice is used.
     *
     * @param settings where and how much
     * @return the service
     */
    public static VoiceService open(SovitsSettings settings) {
        try {
            Files.createDirectories(settings.modelsDir());
            Files.createDirectories(settings.refAudioDir());
            SovitsEngine engine = SovitsEngine.open(settings.modelsDir(),
                    EngineConfig.defaults().withPool(settings.concurrency(), settings.queue()));
            VoiceService service = new VoiceService(settings, engine);
            LOG.log(Level.INFO, "GPT-SoVITS voices in " + settings.modelsDir() + ": "
                    + (engine.voiceNames().isEmpty() ? "none yet" : String.join(", ", engine.voiceNames())));
            engine.scan().problems().forEach(problem -> LOG.log(Level.WARNING, "Voice bundle skipped: " + problem));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the models folder " + settings.modelsDir(), e);
        }
    }

    /** @return the catalog */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** @return reference recordings */
    public ReferenceStore references() {
        return references;
    }

    /** @return the current choices */
    public VoiceState state() {
        return state;
    }

    /** @return the engine */
    public SovitsEngine engine() {
        return engine;
    }

    /** @return the settings */
    public SovitsSettings settings() {
        return settings;
    }

    /** @return installed (playable) voice names */
    public List<String> voiceNames() {
        return List.copyOf(engine.voiceNames());
    }

    /**
     * The voice a request uses: the one it names, else the current one, else the only one installed.
     *
     * @param requested a voice name, or empty
     * @return the loaded voice
     */
    public Voice voice(String requested) {
        List<String> names = voiceNames();
        if (names.isEmpty()) {
            throw ApiException.unavailable("没有已安装的语音包：请把导出的语音包（含 bundle.json 的文件夹）放到 "
                    + settings.modelsDir() + " 下，格式见 sovits-runtime/README.md");
        }
        String name = !requested.isEmpty() ? requested
                : state.voice().filter(names::contains).orElse(names.size() == 1 ? names.getFirst() : "");
        if (name.isEmpty()) {
            throw ApiException.badRequest("有多个语音包，请指定 voice，或先用 /set_model_pair 选择：" + String.join(", ", names));
        }
        if (!names.contains(name)) {
            throw ApiException.notFound("语音包不存在: " + name);
        }
        try {
            return engine.voice(name);
        } catch (BundleException broken) {
            // An installed bundle that does not load is the server's problem, not the caller's: the details (paths,
            // graph names) go to the log, the caller gets a 503 naming the voice.
            LOG.log(Level.WARNING, "Voice bundle " + name + " cannot be loaded: " + broken.getMessage());
            throw ApiException.unavailable("语音包 " + name + " 无法加载（详情见服务日志）");
        }
    }

    /**
     * Re-reads the models folder and reloads the loaded voices.
     *
     * @return the voice names now installed
     */
    public List<String> reload() {
        try {
            engine.rescan();
            for (String name : engine.voiceNames()) {
                engine.reload(name);
            }
            return voiceNames();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rescan " + settings.modelsDir(), e);
        }
    }

    /**
     * @param path a reference path as a client sent it
     * @return its bytes, when it resolves inside the models folder
     */
    public Optional<byte[]> referenceBytes(String path) {
        return references.resolve(path).map(file -> {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the folder of reference recordings */
    public Path referenceFolder() {
        return references.folder();
    }

    @Override
    public void close() {
        engine.close();
    }
}
