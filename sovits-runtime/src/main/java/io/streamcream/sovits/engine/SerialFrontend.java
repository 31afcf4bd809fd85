package io.streamcream.sovits.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.streamcream.sovits.text.PolyphoneModel;
import io.streamcream.sovits.text.TextFrontend;

/**
 * The engine's one text frontend, used by one request at a time, with polyphone-model inference kept outside that
 * serialisation: a g2pW run takes tens of milliseconds per sentence and must not hold up the other requests' text.
 * The frontend runs twice when a model is given, first only to learn which sentences it will ask about (cheap,
 * dictionary work), then with the readings the model decided meanwhile without the lock.
 */
final class SerialFrontend {
    private final TextFrontend frontend;

    SerialFrontend(TextFrontend frontend) {
        this.frontend = frontend;
    }

    /**
     * @param text       a text piece
     * @param language   its language
     * @param polyphones the voice's polyphone model (thread-safe)
     * @return the phones
     */
    TextFrontend.Phonemes phonemes(String text, String language, PolyphoneModel polyphones) {
        if (polyphones == PolyphoneModel.NONE) {
            synchronized (frontend) {
                return frontend.phonemes(text, language);
            }
        }
        List<String> sentences = new ArrayList<>();
        synchronized (frontend) {
            frontend.phonemes(text, language, sentence -> {
                sentences.add(sentence);
                return new String[sentence.length()];
            });
        }
        Map<String, String[]> decided = new HashMap<>();
        for (String sentence : sentences) {
            decided.computeIfAbsent(sentence, polyphones::predict);
        }
        synchronized (frontend) {
            // Same text, same sentences; a sentence not seen in the first pass would still be decided, just under the lock.
            return frontend.phonemes(text, language, sentence -> {
                String[] readings = decided.get(sentence);
                return readings != null ? readings : polyphones.predict(sentence);
            });
        }
    }
}
