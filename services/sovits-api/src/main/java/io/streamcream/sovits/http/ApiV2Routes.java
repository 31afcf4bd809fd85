package io.streamcream.sovits.http;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.MultipartUpload;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.sovits.voices.ModelCatalog;
import io.streamcream.sovits.voices.VoiceService;

/**
 * The api_v2 face with the StreamCream fork's extra routes, on upstream's exact paths, parameter
 * names and {@code {"message": ...}} bodies. Switching weights only chooses among installed voice
 * bundles (never loads an arbitrary file), and reference paths resolve only inside the models folder.
 */
public final class ApiV2Routes implements HttpService {

    private static final System.Logger LOG = System.getLogger(ApiV2Routes.class.getName());

    private final VoiceService voices;
    private final TtsHandler tts;
    private final AdminGuard admin;
    private final boolean ttsNeedsToken;
    private final boolean managementOpen;
    private final Runnable shutdown;

    ApiV2Routes(VoiceService voices, TtsHandler tts, AdminGuard admin, boolean ttsNeedsToken, boolean managementOpen,
                Runnable shutdown) {
        this.voices = voices;
        this.tts = tts;
        this.admin = admin;
        this.ttsNeedsToken = ttsNeedsToken;
        this.managementOpen = managementOpen;
        this.shutdown = shutdown;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/tts").get(this::ttsGet).post(this::ttsPost).register();
        Routes.path(rules, "/control").get(this::control).register();
        Routes.path(rules, "/set_gpt_weights").get((req, res) -> setWeights(req, res, "gpt")).register();
        Routes.path(rules, "/set_sovits_weights").get((req, res) -> setWeights(req, res, "sovits")).register();
        Routes.path(rules, "/set_refer_audio").get(this::setReferAudio).register();
        Routes.path(rules, "/current_ref_audio").get(this::currentRefAudio).register();
        Routes.path(rules, "/get_current_ref_audio").get(this::getCurrentRefAudio).register();
        Routes.path(rules, "/set_model_pair").get(this::setModelPair).register();
        Routes.path(rules, "/list_model_groups").get(this::listModelGroups).register();
        Routes.path(rules, "/list_available_ref_audios").get(this::listRefAudios).register();
        Routes.path(rules, "/get_current_status").get(this::currentStatus).register();
        Routes.path(rules, "/upload_ref_audio").post(this::uploadRefAudio).register();
    }

    static Map<String, String> query(ServerRequest req) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            query.put(name, req.query().first(name).orElse(""));
        }
        return query;
    }

    private void ttsGet(ServerRequest req, ServerResponse res) {
        guardTts(req);
        tts.answer(tts.prepare(ApiV2Params.fromQuery(query(req))), res);
    }

    private void ttsPost(ServerRequest req, ServerResponse res) {
        guardTts(req);
        byte[] body = io.streamcream.common.http.RequestJson.bytes(req, 1024 * 1024);
        tts.answer(tts.prepare(ApiV2Params.fromJson(body)), res);
    }

    private void guardTts(ServerRequest req) {
        if (ttsNeedsToken) {
            admin.require(req);
        }
    }

    private void guardManagement(ServerRequest req) {
        if (!managementOpen) {
            admin.require(req);
        }
    }

    private void control(ServerRequest req, ServerResponse res) {
        admin.require(req);
        String command = req.query().first("command").orElse("");
        if (command.isEmpty()) {
            throw ApiV2Exception.badRequest("command is required");
        }
        switch (command) {
            case "restart" -> {
                List<String> loaded = voices.reload();
                Responses.json(res, Status.OK_200, Map.of("message", "restarted", "voices", loaded));
            }
            case "exit" -> {
                Responses.json(res, Status.OK_200, Map.of("message", "shutting down"));
                shutdown.run();
            }
            default -> Responses.json(res, Status.OK_200, null);
        }
    }

    private void setWeights(ServerRequest req, ServerResponse res, String kind) {
        guardManagement(req);
        String path = req.query().first("weights_path").orElse("");
        if (path.isEmpty()) {
            throw ApiV2Exception.badRequest(kind + " weight path is required");
        }
        ModelCatalog.Entry entry = voices.catalog().forWeights(voices.engine().scan(), path)
                .orElseThrow(() -> ApiV2Exception.failed("change " + kind + " weight failed",
                        "no voice for weights " + path));
        if (!entry.playable()) {
            throw ApiV2Exception.failed("change " + kind + " weight failed", "voice " + entry.name()
                    + " has no bundle yet: export it to " + voices.settings().modelsDir().resolve(entry.name())
                    + "/bundle.json (see sovits-runtime/README.md)");
        }
        voices.state().voice(entry.name());
        LOG.log(Level.INFO, "Current voice is now " + entry.name());
        Responses.json(res, Status.OK_200, Map.of("message", "success"));
    }

    private void setReferAudio(ServerRequest req, ServerResponse res) {
        guardManagement(req);
        String path = req.query().first("refer_audio_path").orElse("");
        if (path.isEmpty() || voices.references().resolve(path).isEmpty()) {
            throw ApiV2Exception.failed("set refer audio failed", path + " not exists");
        }
        voices.state().reference(voices.references().clientPath(voices.references().resolve(path).orElseThrow()));
        Responses.json(res, Status.OK_200, Map.of("message", "success"));
    }

    private void currentRefAudio(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("current_ref_audio", voices.state().reference().orElse(null));
        Responses.json(res, Status.OK_200, body);
    }

    private void getCurrentRefAudio(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_pair", voices.state().voice().orElse(null));
        body.put("ref_audio", voices.catalog().referenceFor(voices.state().voice().orElse("")));
        Responses.json(res, Status.OK_200, body);
    }

    private void setModelPair(ServerRequest req, ServerResponse res) {
        guardManagement(req);
        String pair = req.query().first("pair_name").orElse("");
        if (pair.isEmpty()) {
            throw ApiV2Exception.badRequest("pair_name is required");
        }
        ModelCatalog.Entry entry = voices.catalog().byName(voices.engine().scan(), pair)
                .filter(ModelCatalog.Entry::playable)
                .orElseThrow(() -> ApiV2Exception.failed("set model pair failed", "no installed voice " + pair));
        voices.state().voice(entry.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "success");
        body.put("model_pair", entry.name());
        body.put("ref_audio", voices.catalog().referenceFor(entry.name()));
        Responses.json(res, Status.OK_200, body);
    }

    private void listModelGroups(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, voices.catalog().groups(voices.engine().scan()));
    }

    private void listRefAudios(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, referenceList(voices));
    }

    static Map<String, Object> referenceList(VoiceService voices) {
        String current = voices.state().reference()
                .orElseGet(() -> voices.catalog().referenceFor(voices.state().voice().orElse("")));
        List<Map<String, Object>> audios = new ArrayList<>();
        for (Path file : voices.references().list()) {
            String name = file.getFileName().toString();
            String path = voices.references().clientPath(file);
            Map<String, Object> audio = new LinkedHashMap<>();
            audio.put("pair_name", name.substring(0, name.length() - 4));
            audio.put("file_name", name);
            audio.put("path", path);
            audio.put("is_current", path.equals(current));
            audios.add(audio);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("available_audios", audios);
        body.put("current_model_pair", voices.state().voice().orElse(null));
        body.put("current_ref_audio", current);
        return body;
    }

    private void currentStatus(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("current_model_pair", voices.state().voice().orElse(null));
        body.put("current_ref_audio", voices.state().reference()
                .orElseGet(() -> voices.catalog().referenceFor(voices.state().voice().orElse(""))));
        body.put("model_groups", voices.catalog().groups(voices.engine().scan()));
        Responses.json(res, Status.OK_200, body);
    }

    private void uploadRefAudio(ServerRequest req, ServerResponse res) {
        guardManagement(req);
        Path stored = MultipartUpload.file(req, 20L * 1024 * 1024, (filename, in) -> {
            try {
                byte[] bytes = in.readNBytes(20 * 1024 * 1024 + 1);
                return voices.references().upload(filename, bytes);
            } catch (java.io.IOException e) {
                throw ApiV2Exception.badRequest("上传数据读取失败");
            } catch (IllegalArgumentException e) {
                throw ApiV2Exception.badRequest(e.getMessage());
            }
        });
        Responses.json(res, Status.OK_200, Map.of("success", true, "filename", stored.getFileName().toString(),
                "path", voices.references().clientPath(stored)));
    }
}
