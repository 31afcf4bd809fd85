package io.streamcream.sovits.text;

/**
 * A language the Java frontend does not implement (ja, ko, yue and their all_/auto variants, or an unknown code).
 */
public final class UnsupportedLanguageException extends TextException {
    private static final long serialVersionUID = 1L;
    private final String language;

    /**
     * Creates the exception.
     *
     * @param language the requested language code
     */
    public UnsupportedLanguageException(String language) {
        super("text_lang: " + language + " is not supported (supported: zh, all_zh, en, auto)");
        this.language = language;
    }

    /**
     * The requested language.
     *
     * @return the code
     */
    public String language() {
        return language;
    }
}
