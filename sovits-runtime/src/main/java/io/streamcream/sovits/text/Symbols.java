package io.streamcream.sovits.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPT-SoVITS v2 phone symbol table (732 entries). Ids 0–321 are the v1 table (sorted set of pad, initials,
 * finals × tones, Japanese phones, punctuation and ARPAbet), then {@code [} {@code ]}, the sorted Korean jamo and
 * {@code 空停}, and the sorted Cantonese phones.
 */
public final class Symbols {
    /** Number of v2 symbols. */
    public static final int V2_SIZE = 732;
    /** Number of v1 symbols (a prefix of v2). */
    public static final int V1_SIZE = 322;

    private static final Symbols V2 = load("symbols-v2.txt");

    private final List<String> symbols;
    private final Map<String, Integer> ids;

    private Symbols(List<String> symbols) {
        this.symbols = Collections.unmodifiableList(symbols);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            if (map.put(symbols.get(i), i) != null) {
                throw new IllegalStateException("duplicate symbol " + symbols.get(i));
            }
        }
        this.ids = Map.copyOf(map);
    }

    /**
     * The v2 table.
     *
     * @return the table
     */
    public static Symbols v2() {
        return V2;
    }

    private static Symbols load(String resource) {
        try (InputStream in = Symbols.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String> list = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        list.add(line);
                    }
                }
            }
            return new Symbols(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Number of symbols.
     *
     * @return the size
     */
    public int size() {
        return symbols.size();
    }

    /**
     * The symbol with an id.
     *
     * @param id the id
     * @return the symbol
     */
    public String symbol(int id) {
        return symbols.get(id);
    }

    /**
     * Whether a phone is in the table.
     *
     * @param phone the phone
     * @return true if known
     */
    public boolean contains(String phone) {
        return ids.containsKey(phone);
    }

    /**
     * The id of a phone; unknown phones map to {@code UNK} as upstream's cleaner does.
     *
     * @param phone the phone
     * @return its id
     */
    public int id(String phone) {
        Integer id = ids.get(phone);
        return id != null ? id : ids.get("UNK");
    }

    /**
     * Ids of a phone sequence.
     *
     * @param phones the phones
     * @return their ids
     */
    public long[] ids(List<String> phones) {
        long[] out = new long[phones.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(phones.get(i));
        }
        return out;
    }

    /**
     * All symbols in id order.
     *
     * @return the list
     */
    public List<String> all() {
        return symbols;
    }
}
