package dev.bulwark.waf.internal.actions;

/**
 * {@code capture}: operators that capture ({@code @rx}, {@code @pm}, {@code @detectSQLi}, ...) store the
 * match in {@code TX:0} and groups in {@code TX:1..9}.
 *
 * <p>Example: {@code SecRule ARGS "@rx (\d+)" "id:1,capture,setvar:tx.n=%{TX.1}"}.
 */
final class Capture implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("capture");
        rule.capture = true;
    }
}
