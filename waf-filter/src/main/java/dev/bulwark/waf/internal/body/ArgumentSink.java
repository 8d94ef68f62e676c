package dev.bulwark.waf.internal.body;

/**
 * Receives the arguments a body parser extracts, in body order (for ARGS_POST / ARGS / ARGS_NAMES). Names and values
 * are byte strings. A parser may call it before it fails: what was delivered before a {@link BodyParseException}
 * stays delivered, as in ModSecurity, where arguments added before a parse error remain in ARGS.
 */
@FunctionalInterface
public interface ArgumentSink {

    void argument(String name, String value);
}
