package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

/** Small helpers shared by the operator unit tests. */
final class OperatorTestSupport {

    private OperatorTestSupport() {}

    /** Builds {@code @name argument} through the registry, as the rule compiler does. */
    static Operator operator(String name, String argument) throws OperatorException {
        return operator(name, argument, null);
    }

    static Operator operator(String name, String argument, Path baseDirectory) throws OperatorException {
        OperatorFactory factory = Operators.lookup(name);
        assertNotNull(factory, "@" + name + " is not registered");
        return factory.create(OperatorArgument.of(argument, baseDirectory));
    }

    /** Whether {@code @name argument} matches {@code value}, without capture. */
    static boolean matches(String name, String argument, String value) throws OperatorException {
        return operator(name, argument).matches(RecordingContext.notCapturing(), value);
    }

    /** The message of the load error {@code @name argument} must raise. */
    static String loadError(String name, String argument) {
        return loadError(name, argument, null);
    }

    static String loadError(String name, String argument, Path baseDirectory) {
        return assertThrows(OperatorException.class, () -> operator(name, argument, baseDirectory)).getMessage();
    }

    /** A byte string from byte values. */
    static String bytes(int... values) {
        StringBuilder b = new StringBuilder(values.length);
        for (int v : values) {
            b.append((char) v);
        }
        return b.toString();
    }
}
