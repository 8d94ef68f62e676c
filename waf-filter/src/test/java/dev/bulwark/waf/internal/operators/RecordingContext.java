package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.macro.MacroText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link OperatorContext} for tests: macros resolve from a map ({@code "TX.foo"} style keys, any case; unset
 * reads as ""), and captures are recorded in call order. Setting a capture while capture is off fails the test.
 */
final class RecordingContext implements OperatorContext {

    private final boolean capture;
    private final Map<String, String> variables = new HashMap<>();
    private final List<Integer> captureIndexes = new ArrayList<>();
    private final List<String> captureValues = new ArrayList<>();
    private int expansions;

    private RecordingContext(boolean capture) {
        this.capture = capture;
    }

    static RecordingContext capturing() {
        return new RecordingContext(true);
    }

    static RecordingContext notCapturing() {
        return new RecordingContext(false);
    }

    /** Sets a variable for macros, e.g. {@code with("tx.allowed_methods", "GET POST")}. */
    RecordingContext with(String name, String value) {
        variables.put(name.toUpperCase(Locale.ROOT), value);
        return this;
    }

    @Override
    public String expand(MacroText text) {
        expansions++;
        return text.expand(ref -> variables.getOrDefault(
                ref.key() == null ? ref.collection() : ref.collection() + "." + ref.key().toUpperCase(Locale.ROOT),
                ""));
    }

    @Override
    public boolean captureEnabled() {
        return capture;
    }

    @Override
    public void setCapture(int index, String value) {
        if (!capture) {
            throw new AssertionError("setCapture(" + index + ") called while capture is off");
        }
        if (index < 0 || index > 9) {
            throw new AssertionError("setCapture index out of TX:0..9: " + index);
        }
        captureIndexes.add(index);
        captureValues.add(value);
    }

    /** The captured values, in the order they were set. */
    List<String> captures() {
        return captureValues;
    }

    /** The TX indexes written, in order. */
    List<Integer> captureIndexes() {
        return captureIndexes;
    }

    /** The value of the last write to {@code TX:index}, or null. */
    String tx(int index) {
        for (int i = captureIndexes.size() - 1; i >= 0; i--) {
            if (captureIndexes.get(i) == index) {
                return captureValues.get(i);
            }
        }
        return null;
    }

    int expansions() {
        return expansions;
    }
}
