package io.streamcream.sovits.text;

/**
 * A whole-sentence polyphone model (upstream v2's g2pW): it reads a sentence and decides the reading of the
 * polyphonic characters in it. The dictionary frontend keeps the readings of words its phrase dictionary knows,
 * as upstream's phrase table wins over g2pW, and takes the model's reading for the other characters it decided.
 */
@FunctionalInterface
public interface PolyphoneModel {

    /** No model: every reading comes from the dictionary. */
    PolyphoneModel NONE = sentence -> new String[sentence.length()];

    /**
     * @param sentence normalised Chinese text (CJK characters and {@code !?…,.-})
     * @return one entry per character: toned pinyin such as {@code chang2} (tone 5 = neutral) where the model
     *         decided, null elsewhere
     */
    String[] predict(String sentence);
}
