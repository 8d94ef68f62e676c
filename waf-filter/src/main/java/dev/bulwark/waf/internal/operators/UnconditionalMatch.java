package dev.bulwark.waf.internal.operators;

/**
 * {@code @unconditionalMatch}: always matches; any argument is ignored. This is also the operator of
 * {@code SecAction}.
 *
 * <p>Example: {@code SecRule REMOTE_ADDR "@unconditionalMatch" "id:1,pass,nolog,setvar:tx.seen=1"}.
 */
final class UnconditionalMatch implements Operator {

    static final UnconditionalMatch INSTANCE = new UnconditionalMatch();

    private UnconditionalMatch() {}

    @Override
    public boolean matches(OperatorContext context, String value) {
        return true;
    }

    @Override
    public String toString() {
        return "@unconditionalMatch";
    }
}
