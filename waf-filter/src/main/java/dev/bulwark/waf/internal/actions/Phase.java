package dev.bulwark.waf.internal.actions;

/**
 * {@code phase:N}: the phase the rule runs in: 1 request headers, 2 request body, 3 response headers,
 * 4 response body, 5 logging; {@code request} (2), {@code response} (4) and {@code logging} (5) are accepted too.
 *
 * <p>Example: {@code phase:2}.
 */
final class Phase implements Action {

    private final int phase;

    Phase(String argument) throws ActionException {
        String a = ArgumentParsing.required("phase", argument).trim().toLowerCase(java.util.Locale.ROOT);
        this.phase = switch (a) {
            case "request" -> 2;
            case "response" -> 4;
            case "logging" -> 5;
            default -> {
                int p = (int) ArgumentParsing.positiveLong("phase", a);
                if (p > 5) {
                    throw new ActionException("phase must be 1..5 (or request, response, logging), not '"
                            + argument + "'");
                }
                yield p;
            }
        };
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("phase");
        rule.phase = phase;
    }
}
