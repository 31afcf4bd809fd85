package io.streamcream.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether this test module checks its HTTP exchanges against an OpenAPI document (see
 * {@link Conformance}). Kept apart from {@link Conformance} so that modules that do not enable the
 * check need no validator on their test classpath.
 */
public final class ConformanceSettings {

    /** Classpath resource that enables the check for a test module. */
    public static final String SETTINGS = "streamcream-conformance.properties";
    /** System property naming the document (overrides {@value #SETTINGS}). */
    public static final String PROPERTY = "streamcream.conformance.document";

    private static volatile Optional<String> document;

    private ConformanceSettings() {
    }

    /**
     * @return the classpath resource of the document to check against, or empty when disabled
     */
    public static Optional<String> document() {
        Optional<String> name = document;
        if (name == null) {
            name = Optional.ofNullable(System.getProperty(PROPERTY)).map(String::strip).filter(s -> !s.isEmpty())
                    .or(ConformanceSettings::fromSettings);
            document = name;
        }
        return name;
    }

    private static Optional<String> fromSettings() {
        try (InputStream in = ConformanceSettings.class.getClassLoader().getResourceAsStream(SETTINGS)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("document")).map(String::strip).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
