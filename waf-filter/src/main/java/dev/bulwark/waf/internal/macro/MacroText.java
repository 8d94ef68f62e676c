package dev.bulwark.waf.internal.macro;

import dev.bulwark.waf.internal.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule argument that may contain {@code %{COLLECTION.key}} or {@code %{VARIABLE}} references, parsed once at load
 * time. Text without references is "constant" and never needs a transaction to be evaluated.
 *
 * <p>Immutable and thread-safe. Resolution of the references is done by the engine (see {@link Resolver}).
 */
public final class MacroText {

    /** Resolves one reference against the running transaction; returns "" for anything unset. */
    @FunctionalInterface
    public interface Resolver {
        String resolve(Reference reference);
    }

    /**
     * One {@code %{...}} reference: {@code collection} upper-cased, {@code key} as written or null, and the
     * variable the collection names (null when it names none), looked up once here rather than at each expansion.
     */
    public record Reference(String collection, String key, String source, Variable variable) {
        public Reference {
            Objects.requireNonNull(collection);
            Objects.requireNonNull(source);
        }

        public Reference(String collection, String key, String source) {
            this(collection, key, source, Variable.lookup(collection));
        }
    }

    private final String source;
    /** Alternating parts: String literals and Reference objects. */
    private final List<Object> parts;

    private MacroText(String source, List<Object> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code text}. A {@code %{} that is not closed is kept literally, as ModSecurity does.
     * A reference is {@code NAME} or {@code NAME.key} (also {@code NAME:key}).
     */
    public static MacroText parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("%{", i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, start);
            String inner = text.substring(start + 2, end).trim();
            if (inner.isEmpty()) {
                literal.append(text, start, end + 1);
            } else {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                int sep = firstSeparator(inner);
                String collection = sep < 0 ? inner : inner.substring(0, sep);
                String key = sep < 0 ? null : inner.substring(sep + 1);
                // interned: the key is looked up in a collection whose keys are mostly interned constants too
                parts.add(new Reference(upperAscii(collection), key == null ? null : key.intern(),
                        text.substring(start, end + 1)));
            }
            i = end + 1;
        }
        if (literal.length() > 0) {
            // a constant is interned: as a collection key (setvar:tx.name) it then compares by identity with
            // the same name written elsewhere in the rules
            parts.add(parts.isEmpty() ? literal.toString().intern() : literal.toString());
        }
        return new MacroText(text, parts);
    }

    private static int firstSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String upperAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return b.toString();
    }

    /** True when the text has no references. */
    public boolean isConstant() {
        for (Object p : parts) {
            if (p instanceof Reference) {
                return false;
            }
        }
        return true;
    }

    /** The text as written in the rule. */
    public String source() {
        return source;
    }

    /** The references, in order of appearance. */
    public List<Reference> references() {
        List<Reference> refs = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Reference r) {
                refs.add(r);
            }
        }
        return refs;
    }

    /** Expands the references with {@code resolver}; a constant text returns its source unchanged. */
    public String expand(Resolver resolver) {
        if (parts.size() == 1) {
            // a constant, or one reference alone ("%{tx.restricted_headers_basic}"): no copy
            return parts.get(0) instanceof String s ? s : resolver.resolve((Reference) parts.get(0));
        }
        StringBuilder out = new StringBuilder(Math.max(64, source.length() + 16)); // one buffer for most expansions
        for (int i = 0; i < parts.size(); i++) {
            Object p = parts.get(i);
            if (p instanceof String s) {
                out.append(s);
            } else {
                out.append(resolver.resolve((Reference) p));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
