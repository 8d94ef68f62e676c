package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.libinjection.XssDetector;

/**
 * {@code @detectXSS}: matches when the value is a cross-site scripting attack by libinjection's algorithm (see
 * {@link XssDetector}): a dangerous tag, event handler, {@code javascript:} URL, inline style and the like, in any of
 * the places of an HTML page the value could be echoed into. Takes no argument. With the {@code capture} action the
 * whole value goes to {@code TX:0}, as ModSecurity does.
 *
 * <p>Example: {@code SecRule ARGS "@detectXSS" "id:2,t:urlDecodeUni,t:htmlEntityDecode,deny"} denies
 * {@code q=<img src=x onerror=alert(1)>}.
 */
final class DetectXss implements Operator {

    DetectXss(OperatorArgument argument) throws OperatorException {
        if (!argument.text().isBlank()) {
            throw new OperatorException("@detectXSS takes no argument, got: " + argument.text());
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        if (!XssDetector.isXss(value)) {
            return false;
        }
        if (context.captureEnabled()) {
            context.setCapture(0, value);
        }
        return true;
    }

    @Override
    public String toString() {
        return "@detectXSS";
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }
}
