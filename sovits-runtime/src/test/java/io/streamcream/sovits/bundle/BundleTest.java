package io.streamcream.sovits.bundle;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamcream.sovits.testing.OrtSessions;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;

class BundleTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();

    @TempDir
    Path root;

    private BundleManifest parse(Map<String, Object> manifest) throws IOException {
        return BundleManifest.parse(new ObjectMapper().writeValueAsString(manifest), root.resolve("v"), root);
    }

    private String parseError(Map<String, Object> manifest) {
        return assertThrows(BundleException.class, () -> parse(manifest)).getMessage();
    }

    @Test
    void aValidManifestGivesTheT2sAndVitsDimensions() throws IOException {
        BundleManifest m = parse(TestBundles.manifest("baiye"));
        assertThat(m.name(), is("baiye"));
        assertThat(m.version(), is("v2"));
        assertThat(m.outputRate(), is(32000));
        assertThat(m.t2sLayers(), is(TinyGraphs.LAYERS));
        assertThat(m.t2sWidth(), is(TinyGraphs.WIDTH));
        assertThat(m.t2sVocab(), is(1025));
        assertThat(m.vitsNoiseChannels(), is(TinyGraphs.NOISE));
        assertThat(m.vqMergedIntoSsl(), is(false));
        assertThat(m.graph(GraphRole.SSL).orElseThrow().file(), is(root.resolve("shared/ssl.onnx")));
        assertThat(m.graph(GraphRole.BERT), is(Optional.empty()));
        assertThat(m.graph(GraphRole.T2S_STEP).orElseThrow().input("k_cache").describe(), is("float32[\"S\",2,4]"));
    }

    @Test
    void strictParsingNamesTheField() {
        Map<String, Object> m = TestBundles.manifest("x");
        m.put("colour", "red");
        assertThat(parseError(m), containsString("$ has the unknown key \"colour\""));

        m = TestBundles.manifest("x");
        m.put("version", "v4");
        assertThat(parseError(m), containsString("$.version is \"v4\"; supported: v2, v2Pro, v2ProPlus"));

        m = TestBundles.manifest("x");
        ((Map<?, ?>) m.get("graphs")).remove("t2s_step");
        assertThat(parseError(m), containsString("lacks the required graph \"t2s_step\""));

        m = TestBundles.manifest("x");
        ((Map<?, ?>) m.get("graphs")).remove("vq_encoder");
        assertThat(parseError(m), containsString("lacks \"vq_encoder\": ssl outputs \"ssl\" features"));

        m = TestBundles.manifest("x");
        TestBundles.graph(m, "vits").put("file", "../../elsewhere/vits.onnx");
        assertThat(parseError(m), containsString("$.graphs.vits.file \"../../elsewhere/vits.onnx\" resolves outside the bundle root"));

        m = TestBundles.manifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) TestBundles.graph(m, "t2s_step").get("inputs");
        inputs.get(1).put("type", "i64");
        assertThat(parseError(m), containsString("$.graphs.t2s_step.inputs[1].type is \"i64\""));
        inputs.get(1).put("type", "int32");
        assertThat(parseError(m), containsString("$.graphs.t2s_step.inputs[pos].type is int32, the runtime uses int64"));
        inputs.get(1).put("type", "int64");
        inputs.get(1).put("name", "position");
        assertThat(parseError(m), containsString("$.graphs.t2s_step.inputs lacks \"pos\" (int64, rank 1)"));

        m = TestBundles.manifest("x");
        ((Map<String, Object>) m.get("sample_rates")).put("output", 24000);
        assertThat(parseError(m), containsString("$.sample_rates.output is 24000"));

        assertThat(assertThrows(BundleException.class, () -> BundleManifest.parse("{", root, root)).getMessage(),
                containsString("is not valid JSON"));
    }

    @Test
    void v2ProBundlesPairTheSvGraphWithAnSvEmbInputOfTheSameWidth() throws IOException {
        BundleManifest pro = parse(TestBundles.proManifest("pro"));
        assertThat(pro.pro(), is(true));
        assertThat(pro.graph(GraphRole.SV).orElseThrow().output("sv_emb").dim(1), is((long) TinyGraphs.SV_WIDTH));

        Map<String, Object> m = TestBundles.proManifest("x");
        ((Map<?, ?>) m.get("graphs")).remove("sv");
        assertThat(parseError(m), containsString("$.graphs lacks \"sv\": v2Pro voices need the speaker-verification graph"));

        m = TestBundles.proManifest("x");
        m.put("version", "v2");
        assertThat(parseError(m), containsString("$.graphs.sv belongs to v2Pro/v2ProPlus bundles"));

        m = TestBundles.proManifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> vitsInputs = (List<Map<String, Object>>) TestBundles.graph(m, "vits").get("inputs");
        vitsInputs.removeLast();
        assertThat(parseError(m), containsString("$.graphs.vits.inputs lacks \"sv_emb\" (float32, rank 2)"));

        m = TestBundles.proManifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> wide = (List<Map<String, Object>>) TestBundles.graph(m, "vits").get("inputs");
        wide.getLast().put("dims", List.of(1, 20480));
        assertThat(parseError(m), containsString("$.graphs.vits.inputs[sv_emb].dims[1] is 20480, expected " + TinyGraphs.SV_WIDTH));

        m = TestBundles.proManifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> svInputs = (List<Map<String, Object>>) TestBundles.graph(m, "sv").get("inputs");
        svInputs.getFirst().put("dims", List.of(1, "F", 40));
        assertThat(parseError(m), containsString("$.graphs.sv.inputs[fbank].dims[2] is 40, expected 80"));

        m = TestBundles.manifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> v2Inputs = (List<Map<String, Object>>) TestBundles.graph(m, "vits").get("inputs");
        v2Inputs.add(Map.of("name", "sv_emb", "type", "float32", "dims", List.of(1, 80)));
        assertThat("a v2 vits graph takes no speaker embedding", parseError(m),
                containsString("declares \"sv_emb\", which the runtime neither feeds nor reads"));
    }

    @Test
    void aSplitReferenceEncoderFeedsVitsTheStyleVectorInsteadOfTheSpectrogram() throws IOException {
        BundleManifest split = parse(TestBundles.splitManifest("split"));
        assertThat(split.splitReferenceEncoder(), is(true));
        assertThat(parse(TestBundles.manifest("whole")).splitReferenceEncoder(), is(false));

        Map<String, Object> m = TestBundles.splitManifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) TestBundles.graph(m, "vits").get("inputs");
        inputs.add(Map.of("name", "refer_spec", "type", "float32", "dims", List.of(1, 1025, "F")));
        assertThat(parseError(m), containsString("$.graphs.vits.inputs declares \"refer_spec\", which the runtime neither "
                + "feeds nor reads"));

        m = TestBundles.splitManifest("x");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ge = (List<Map<String, Object>>) TestBundles.graph(m, "vits").get("inputs");
        ge.getLast().put("dims", List.of(1, 512, 1));
        assertThat(parseError(m), containsString("$.graphs.vits.inputs[ge].dims[1] is 512, expected " + TinyGraphs.STYLE_WIDTH));

        m = TestBundles.splitManifest("x");
        ((Map<?, ?>) m.get("graphs")).remove("ref_encoder");
        assertThat("without the split vits must take the spectrogram", parseError(m),
                containsString("$.graphs.vits.inputs lacks \"refer_spec\""));
    }

    @Test
    void theVqEncoderMayBeMergedIntoSsl() throws IOException {
        Map<String, Object> m = TestBundles.manifest("merged");
        TestBundles.graph(m, "ssl").put("outputs", List.of(Map.of("name", "codes", "type", "int64", "dims", List.of(1, 1, "T2"))));
        assertThat(parseError(m), containsString("$.graphs.vq_encoder is declared but ssl already outputs \"codes\" (merged)"));
        ((Map<?, ?>) m.get("graphs")).remove("vq_encoder");
        BundleManifest merged = parse(m);
        assertThat(merged.vqMergedIntoSsl(), is(true));
        assertThat(merged.graph(GraphRole.VQ_ENCODER), is(Optional.empty()));
    }

    @Test
    void sharedGraphsAreOpenedOnceAndReferenceCounted() {
        Path a = TestBundles.writeVoice(root, "a", TestBundles.manifest("a"), 12);
        Path b = TestBundles.writeVoice(root, "b", TestBundles.manifest("b"), 12);
        try (SharedSessions sessions = new SharedSessions(ORT.environment(), ORT.options())) {
            VoiceBundle va = VoiceBundle.load(BundleManifest.read(a, root), sessions);
            try (VoiceBundle vb = VoiceBundle.load(BundleManifest.read(b, root), sessions)) {
                assertThat(vb.session(GraphRole.SSL), is(sameInstance(va.session(GraphRole.SSL))));
                assertThat(sessions.references(root.resolve("shared/ssl.onnx")), is(2));
                assertThat(sessions.openCount(), is(2 + 3 + 3));
                va.close();
                assertThat(sessions.references(root.resolve("shared/ssl.onnx")), is(1));
                assertThat(vb.session(GraphRole.SSL).isClosed(), is(false));
                assertThat(sessions.openCount(), is(2 + 3));
            }
            assertThat(sessions.openCount(), is(0));
        }
    }

    @Test
    void loadingNamesTheMissingFileAndTheFirstIoMismatch() throws IOException {
        Path dir = TestBundles.writeVoice(root, "v", TestBundles.manifest("v"), 12);
        Files.delete(dir.resolve("vits.onnx"));
        try (SharedSessions sessions = new SharedSessions(ORT.environment(), ORT.options())) {
            String missing = assertThrows(BundleException.class,
                    () -> VoiceBundle.load(BundleManifest.read(dir, root), sessions)).getMessage();
            assertThat(missing, containsString("graph vits file " + dir.resolve("vits.onnx") + " does not exist"));
            assertThat("nothing stays open after a failed load", sessions.openCount(), is(0));

            Files.write(dir.resolve("vits.onnx"), TinyGraphs.prefill());
            String wrongIo = assertThrows(BundleException.class,
                    () -> VoiceBundle.load(BundleManifest.read(dir, root), sessions)).getMessage();
            assertThat(wrongIo, containsString("graph vits (" + dir.resolve("vits.onnx") + ") has no input \"pred_semantic\""));

            Files.write(dir.resolve("vits.onnx"), TinyGraphs.vits());
            Map<String, Object> m = TestBundles.manifest("v");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sslOut = (List<Map<String, Object>>) TestBundles.graph(m, "ssl").get("outputs");
            sslOut.get(0).put("dims", List.of(1, 16, "T"));
            TestBundles.writeManifest(dir, m);
            String wrongDim = assertThrows(BundleException.class,
                    () -> VoiceBundle.load(BundleManifest.read(dir, root), sessions)).getMessage();
            assertThat(wrongDim, containsString("graph ssl (" + root.resolve("shared/ssl.onnx")
                    + ") output \"ssl\": dimension 1 is 8, the manifest declares float32[1,16,\"T\"]"));

            Files.write(dir.resolve("t2s_step.onnx"), "not a model".getBytes());
            TestBundles.writeManifest(dir, TestBundles.manifest("v"));
            String notModel = assertThrows(BundleException.class,
                    () -> VoiceBundle.load(BundleManifest.read(dir, root), sessions)).getMessage();
            assertThat(notModel, containsString("graph t2s_step (" + dir.resolve("t2s_step.onnx") + ") cannot be loaded"));
            assertThat(sessions.openCount(), is(0));
        }
    }

    @Test
    void discoveryFindsBundlesReportsBrokenOnesAndMapsUpstreamWeights() throws IOException {
        TestBundles.writeVoice(root, "alpha", TestBundles.manifest("alpha"), 12);
        TestBundles.writeVoice(root, "beta", TestBundles.manifest("beta"), 12);
        Map<String, Object> broken = TestBundles.manifest("gamma");
        broken.remove("symbols");
        TestBundles.writeVoice(root, "gamma", broken, 12);
        Files.createDirectories(root.resolve("GPT_weights_v2"));
        Files.createDirectories(root.resolve("SoVITS_weights_v2"));
        Files.writeString(root.resolve("GPT_weights_v2/foo-e10.ckpt"), "x");
        Files.writeString(root.resolve("GPT_weights_v2/foo-e15.ckpt"), "x");
        Files.writeString(root.resolve("GPT_weights_v2/alpha-e5.ckpt"), "x");
        Files.writeString(root.resolve("SoVITS_weights_v2/foo_e8_s200.pth"), "x");
        Files.writeString(root.resolve("SoVITS_weights_v2/foo_e4_s100.pth"), "x");
        Files.writeString(root.resolve("SoVITS_weights_v2/bar_e2_s50.pth"), "x");

        BundleDiscovery.Scan scan = BundleDiscovery.scan(root);
        assertThat(List.copyOf(scan.bundles().keySet()), is(List.of("alpha", "beta")));
        assertThat(scan.problems(), hasSize(1));
        assertThat(scan.problems().getFirst(), containsString("gamma"));
        assertThat(scan.problems().getFirst(), containsString("$ lacks \"symbols\""));
        assertThat(scan.unexported(), hasSize(2));
        BundleDiscovery.Unexported bar = scan.unexported().get(0);
        assertThat(bar.name(), is("bar"));
        assertThat(bar.gpt(), is(Optional.empty()));
        BundleDiscovery.Unexported foo = scan.unexported().get(1);
        assertThat(foo.gpt(), is(Optional.of(root.resolve("GPT_weights_v2/foo-e15.ckpt"))));
        assertThat(foo.sovits(), is(Optional.of(root.resolve("SoVITS_weights_v2/foo_e8_s200.pth"))));
        assertThat(foo.target(), is(root.resolve("foo")));
    }

    @Test
    void anEmptyRootHasNoBundles() throws IOException {
        BundleDiscovery.Scan scan = BundleDiscovery.scan(root);
        assertThat(scan.bundles().isEmpty(), is(true));
        assertThat(scan.problems(), is(empty()));
    }
}
