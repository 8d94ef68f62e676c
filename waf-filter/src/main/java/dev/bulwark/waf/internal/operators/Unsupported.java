package dev.bulwark.waf.internal.operators;

/**
 * The factory of a ModSecurity operator that Bulwark deliberately does not implement, because it depends on data or
 * services outside the rules (a GeoIP database, DNS, external programs, ...). Loading a rule that uses it fails with
 * a message naming the operator and the reason, at the rule's file:line.
 */
final class Unsupported implements OperatorFactory {

    private final String name;
    private final String reason;

    Unsupported(String name, String reason) {
        this.name = name;
        this.reason = reason;
    }

    /** Why the operator is not supported (for documentation and tests). */
    String reason() {
        return reason;
    }

    @Override
    public Operator create(OperatorArgument argument) throws OperatorException {
        throw new OperatorException("operator @" + name + " is not supported by Bulwark: " + reason);
    }
}
