package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyG2pw;
import io.streamcream.sovits.text.CmuDict;
import io.streamcream.sovits.text.PolyphoneModel;
import io.streamcream.sovits.text.TextFrontend;

/** A bundle's g2pw graph decides its voice's polyphones; it is shared by the voices naming it and checked at load. */
class G2pwVoiceTest {
    private static final EngineConfig CONFIG = new EngineConfig(1, 4, 1, false, 8, 1, CmuDict.empty());

    private static Map<String, Object> withG2pw(String name) {
        Map<String, Object> manifest = TestBundles.manifest(name);
        @SuppressWarnings("unchecked")
        Map<String, Object> graphs = (Map<String, Object>) manifest.get("graphs");
        graphs.put("g2pw", TinyG2pw.manifestEntry());
        return manifest;
    }

    private static PolyphoneModel reading(char c, String reading) {
        return sentence -> {
            String[] out = new String[sentence.length()];
            for (int i = 0; i < sentence.length(); i++) {
                out[i] = sentence.charAt(i) == c ? reading : null;
            }
            return out;
        };
    }

    @Test
    void theVoiceReadsPolyphonesWithItsBundlesModel(@TempDir Path root) throws Exception {
        TinyG2pw.write(root);
        TestBundles.writeVoice(root, "a", withG2pw("a"), 8);
        TestBundles.writeVoice(root, "b", withG2pw("b"), 8);
        TestBundles.writeVoice(root, "plain", TestBundles.manifest("plain"), 8);
        TextFrontend frontend = new TextFrontend(CmuDict.empty());
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            Voice a = engine.voice("a");
            Voice plain = engine.voice("plain");
            // The stand-in model reads 长 as zhang3 before 得 and as chang2 elsewhere.
            List<Long> before = ids(a.phonemes("他长得高", "zh"));
            List<Long> last = ids(a.phonemes("他长", "zh"));
            assertThat(before, is(ids(frontend.phonemes("他长得高", "zh", reading('长', "zhang3")))));
            assertThat(last, is(ids(frontend.phonemes("他长", "zh", reading('长', "chang2")))));
            assertThat("the dictionary alone reads both 长 alike, so one of them must differ",
                    List.of(before, last), is(not(List.of(ids(plain.phonemes("他长得高", "zh")), ids(plain.phonemes("他长", "zh"))))));
            int open = engine.sessions().openCount();
            engine.voice("b");
            // b brings its own t2s_prefill, t2s_step and vits; ssl, vq_encoder and g2pw are shared.
            assertThat(engine.sessions().openCount(), is(open + 3));
            assertThat(ids(engine.voice("b").phonemes("他长得高", "zh")), is(before));
        }
    }

    @Test
    void tablesThatDisagreeWithTheGraphFailTheBundle(@TempDir Path root) throws Exception {
        TinyG2pw.write(root);
        Files.write(root.resolve("shared/g2pw/POLYPHONIC_CHARS.txt"), List.of("長\tㄓㄤ3", "長\tㄔㄤ2"));
        TestBundles.writeVoice(root, "bad", withG2pw("bad"), 8);
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            BundleException error = assertThrows(BundleException.class, () -> engine.voice("bad"));
            assertThat(error.getMessage(), containsString("g2pw input phoneme_mask has 6 labels but POLYPHONIC_CHARS.txt defines 2"));
            assertThat("nothing stays open", engine.sessions().openCount(), is(0));
        }
    }

    @Test
    void aG2pwEntryMustNameItsTables(@TempDir Path root) throws Exception {
        TinyG2pw.write(root);
        Map<String, Object> manifest = withG2pw("missing");
        TestBundles.graph(manifest, "g2pw").remove("bopomofo_to_pinyin");
        TestBundles.writeVoice(root, "missing", manifest, 8);
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            assertThat(engine.scan().problems().toString(), containsString("$.graphs.g2pw"));
            assertThat(engine.scan().problems().toString(), containsString("bopomofo_to_pinyin"));
        }
    }

    private static List<Long> ids(TextFrontend.Phonemes phonemes) {
        return java.util.Arrays.stream(phonemes.ids()).boxed().toList();
    }
}
