package io.streamcream.nativebindings.ort.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.ort.OrtRuntime;

/**
 * Structural checks of the slot table. Behavioural pinning of each slot (a wrong index would call the wrong function)
 * is done by the tests that exercise it: version and build info strings, error codes and messages of deliberate
 * failures, model metadata and known model outputs.
 */
class OrtApiSlotTest {

    private static OrtApi bind() {
        SymbolLookup lookup = SymbolLookup.libraryLookup(Path.of(OrtRuntime.get().library()), Arena.global());
        return OrtApi.bind(OrtApiBase.of(lookup, "test"), "test");
    }

    @Test
    void everyUsedSlotHoldsADistinctFunction() throws IllegalAccessException {
        OrtApi api = bind();
        Set<Long> addresses = new HashSet<>();
        int slots = 0;
        for (Field field : OrtApi.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                int slot = field.getInt(null);
                assertThat(field.getName() + " within the v29 table", slot < 425, is(true));
                long address = api.function(slot).address();
                assertThat(field.getName() + " is populated", address, is(not(0L)));
                assertThat(field.getName() + " is a distinct function", addresses.add(address), is(true));
                slots++;
            }
        }
        assertThat(slots > 70, is(true));
    }

    @Test
    void apiBaseGivesVersionAndRefusesNewerApiVersions() {
        SymbolLookup lookup = SymbolLookup.libraryLookup(Path.of(OrtRuntime.get().library()), Arena.global());
        OrtApiBase base = OrtApiBase.of(lookup, "test");
        assertThat(base.versionString(), is("1.29.0"));
        assertThat(base.getApi(OrtVersion.API_VERSION).address() != 0, is(true));
        // ORT returns NULL for an API version newer than the library; this is what the version check relies on.
        assertThat(base.getApi(OrtVersion.API_VERSION + 1).address(), is(0L));
    }

    @Test
    void buildInfoAndProvidersComeFromTheirSlots() {
        OrtApi api = bind();
        assertThat(api.buildInfo().contains("git-commit-id="), is(true));
        assertThat(api.availableProviders().contains("CPUExecutionProvider"), is(true));
    }
}
