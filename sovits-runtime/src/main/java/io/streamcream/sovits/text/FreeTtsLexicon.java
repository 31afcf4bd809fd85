package io.streamcream.sovits.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.sun.speech.freetts.en.us.CMULexicon;

/**
 * Pronunciations of English words the configured CMUdict lacks, from the CMU Pronouncing Dictionary 0.4 and its
 * letter-to-sound rules as FreeTTS ships them ({@code net.sf.sociaal:freetts}, compiled {@code cmudict04}). Upstream
 * predicts such words with the g2p_en neural model, which is not part of this runtime; these rules are the nearest
 * thing on Maven Central.
 *
 * <p>FreeTTS writes ARPAbet in lower case, marks only primary stress, and has {@code ax} / {@code axr} for the
 * unstressed schwa. The result is converted to CMUdict's form: upper case, unstressed vowels {@code 0}, {@code ax}
 * to {@code AH}, {@code axr} to {@code ER}. The lexicon (2.6 MB) is loaded on first use.
 */
final class FreeTtsLexicon {

    private static final Set<String> VOWELS = Set.of("aa", "ae", "ah", "ao", "aw", "ay", "eh", "er", "ey", "ih", "iy",
            "ow", "oy", "uh", "uw", "ax", "axr");
    private static CMULexicon lexicon;

    private FreeTtsLexicon() {
    }

    /**
     * @param word a lower-case word of letters and apostrophes
     * @return its ARPAbet phones with CMUdict's stress marks, if the dictionary or the rules give any
     */
    static synchronized Optional<List<String>> pronounce(String word) {
        String[] phones = lexicon().getPhones(word.toLowerCase(Locale.ROOT), null);
        if (phones == null || phones.length == 0) {
            return Optional.empty();
        }
        return Optional.of(toCmuDict(phones));
    }

    /**
     * @param phones FreeTTS phones, such as {@code hh ax l ow1}
     * @return CMUdict phones, such as {@code HH AH0 L OW1}
     */
    static List<String> toCmuDict(String[] phones) {
        List<String> out = new ArrayList<>(phones.length);
        for (String phone : phones) {
            if (phone.isEmpty() || phone.equals("pau")) {
                continue;
            }
            char last = phone.charAt(phone.length() - 1);
            String base = Character.isDigit(last) ? phone.substring(0, phone.length() - 1) : phone;
            String stress = Character.isDigit(last) ? String.valueOf(last) : "";
            if (VOWELS.contains(base)) {
                base = switch (base) {
                    case "ax" -> "ah";
                    case "axr" -> "er";
                    default -> base;
                };
                out.add(base.toUpperCase(Locale.ROOT) + (stress.isEmpty() ? "0" : stress));
            } else {
                out.add(base.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static CMULexicon lexicon() {
        if (lexicon == null) {
            CMULexicon loaded = new CMULexicon("cmudict04", true);
            try {
                loaded.load();
            } catch (IOException e) {
                throw new UncheckedIOException("FreeTTS lexicon cmudict04 cannot be loaded", e);
            }
            lexicon = loaded;
        }
        return lexicon;
    }
}
