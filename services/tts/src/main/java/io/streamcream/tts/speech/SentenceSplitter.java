package io.streamcream.tts.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into subtitle-sized sentences: after each {@code 。！？!?} as the original frontend
 * did (the mark stays with its sentence), then, for sentences longer than the limit, after commas
 * and semicolons, and as a last resort at the limit itself.
 */
public final class SentenceSplitter {

    private static final String ENDS = "。！？!?";
    private static final String PAUSES = "，,；;：:、";

    private final int maxLength;

    /**
     * @param maxLength longest sentence in characters (code points)
     */
    public SentenceSplitter(int maxLength) {
        this.maxLength = Math.max(8, maxLength);
    }

    /**
     * @param text any text
     * @return its non-blank sentences
     */
    public List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : cutAfter(text, ENDS)) {
            if (sentence.codePointCount(0, sentence.length()) <= maxLength) {
                sentences.add(sentence);
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String part : cutAfter(sentence, PAUSES)) {
                if (current.length() > 0 && length(current) + length(part) > maxLength) {
                    sentences.addAll(hardCut(current.toString()));
                    current.setLength(0);
                }
                current.append(part);
            }
            if (current.length() > 0) {
                sentences.addAll(hardCut(current.toString()));
            }
        }
        return sentences;
    }

    private List<String> hardCut(String text) {
        List<String> pieces = new ArrayList<>();
        int[] codePoints = text.codePoints().toArray();
        for (int start = 0; start < codePoints.length; start += maxLength) {
            String piece = new String(codePoints, start, Math.min(maxLength, codePoints.length - start)).strip();
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    private static List<String> cutAfter(String text, String marks) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        text.codePoints().forEach(cp -> {
            current.appendCodePoint(cp);
            if (marks.indexOf(cp) >= 0) {
                addStripped(parts, current);
            }
        });
        addStripped(parts, current);
        return parts;
    }

    private static void addStripped(List<String> parts, StringBuilder current) {
        String part = current.toString().strip();
        current.setLength(0);
        if (!part.isEmpty() && !isOnlyMarks(part)) {
            parts.add(part);
        }
    }

    private static boolean isOnlyMarks(String part) {
        return part.codePoints().allMatch(cp -> ENDS.indexOf(cp) >= 0 || PAUSES.indexOf(cp) >= 0);
    }

    private static int length(CharSequence text) {
        return Character.codePointCount(text, 0, text.length());
    }
}
