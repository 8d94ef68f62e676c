package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ctl:option=value}: changes the configuration of the current transaction only. Options:
 * {@code ruleEngine=On|Off|DetectionOnly}, {@code ruleRemoveById=ID|FROM-TO[ ...]}, {@code ruleRemoveByTag=TAG},
 * {@code ruleRemoveByMsg=MSG}, {@code ruleRemoveTargetById=ID|FROM-TO;TARGET},
 * {@code ruleRemoveTargetByTag=TAG;TARGET}, {@code ruleRemoveTargetByMsg=MSG;TARGET},
 * {@code requestBodyProcessor=URLENCODED|MULTIPART|JSON|XML}, {@code requestBodyAccess=On|Off},
 * {@code forceRequestBodyVariable=On|Off}, {@code auditEngine=On|Off|RelevantOnly}, {@code auditLogParts=PARTS}.
 *
 * <p>Example: {@code SecRule REQUEST_FILENAME "@beginsWith /api/" "id:1,phase:1,pass,nolog,
 * ctl:ruleRemoveTargetById=942100;ARGS:query"}.
 */
final class Ctl implements Action, RuntimeAction {

    private interface Effect {
        void apply(ActionContext context);
    }

    private final String text;
    private final Effect effect;

    Ctl(String argument) throws ActionException {
        this.text = ArgumentParsing.required("ctl", argument);
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ActionException("ctl needs option=value, got '" + text + "'");
        }
        String option = text.substring(0, eq).trim();
        String value = text.substring(eq + 1).trim();
        this.effect = parse(option, value);
    }

    private static Effect parse(String option, String value) throws ActionException {
        switch (option.toLowerCase(Locale.ROOT)) {
            case "ruleengine": {
                EngineMode mode;
                try {
                    mode = EngineMode.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new ActionException("ctl:ruleEngine: " + e.getMessage());
                }
                return c -> c.setEngineMode(mode);
            }
            case "ruleremovebyid": {
                List<long[]> ranges = new ArrayList<>();
                for (String part : value.split("[\\s,]+")) {
                    if (!part.isEmpty()) {
                        ranges.add(ArgumentParsing.idRange("ctl:ruleRemoveById", part));
                    }
                }
                if (ranges.isEmpty()) {
                    throw new ActionException("ctl:ruleRemoveById needs a rule id or id range");
                }
                return c -> ranges.forEach(r -> c.removeRulesById(r[0], r[1]));
            }
            case "ruleremovebytag":
                requireValue(option, value);
                return c -> c.removeRulesByTag(value);
            case "ruleremovebymsg":
                requireValue(option, value);
                return c -> c.removeRulesByMsg(value);
            case "ruleremovetargetbyid": {
                String[] p = splitTarget(option, value);
                long[] r = ArgumentParsing.idRange("ctl:ruleRemoveTargetById", p[0]);
                Target target = exclusion(option, p[1]);
                return c -> c.removeTargetById(r[0], r[1], target);
            }
            case "ruleremovetargetbytag": {
                String[] p = splitTarget(option, value);
                Target target = exclusion(option, p[1]);
                return c -> c.removeTargetByTag(p[0], target);
            }
            case "ruleremovetargetbymsg": {
                String[] p = splitTarget(option, value);
                Target target = exclusion(option, p[1]);
                return c -> c.removeTargetByMsg(p[0], target);
            }
            case "requestbodyprocessor": {
                String processor = value.toUpperCase(Locale.ROOT);
                if (!List.of("URLENCODED", "MULTIPART", "JSON", "XML").contains(processor)) {
                    throw new ActionException(
                            "ctl:requestBodyProcessor must be URLENCODED, MULTIPART, JSON or XML, not '" + value + "'");
                }
                return c -> c.setRequestBodyProcessor(processor);
            }
            case "requestbodyaccess": {
                boolean on = onOff(option, value);
                return c -> c.setRequestBodyAccess(on);
            }
            case "forcerequestbodyvariable": {
                boolean on = onOff(option, value);
                return c -> c.setForceRequestBodyVariable(on);
            }
            case "auditengine": {
                if (!List.of("on", "off", "relevantonly").contains(value.toLowerCase(Locale.ROOT))) {
                    throw new ActionException("ctl:auditEngine must be On, Off or RelevantOnly, not '" + value + "'");
                }
                return c -> c.setAuditEngine(value);
            }
            case "auditlogparts":
                requireValue(option, value);
                return c -> c.setAuditLogParts(value);
            default:
                throw new ActionException("ctl option '" + option + "' is not supported by Bulwark (supported: "
                        + "ruleEngine, ruleRemoveById, ruleRemoveByTag, ruleRemoveByMsg, ruleRemoveTargetById, "
                        + "ruleRemoveTargetByTag, ruleRemoveTargetByMsg, requestBodyProcessor, requestBodyAccess, "
                        + "forceRequestBodyVariable, auditEngine, auditLogParts)");
        }
    }

    private static void requireValue(String option, String value) throws ActionException {
        if (value.isEmpty()) {
            throw new ActionException("ctl:" + option + " needs a value");
        }
    }

    private static boolean onOff(String option, String value) throws ActionException {
        if (value.equalsIgnoreCase("on")) {
            return true;
        }
        if (value.equalsIgnoreCase("off")) {
            return false;
        }
        throw new ActionException("ctl:" + option + " must be On or Off, not '" + value + "'");
    }

    /** Splits {@code selector;TARGET} and checks that the target names a known variable. */
    /** The target of a ctl:ruleRemoveTarget*, parsed at load time so a bad one fails there, not per request. */
    private static Target exclusion(String option, String target) throws ActionException {
        try {
            return Target.exclusionOf(target);
        } catch (IllegalArgumentException e) {
            throw new ActionException("ctl:" + option + ": " + e.getMessage());
        }
    }

    private static String[] splitTarget(String option, String value) throws ActionException {
        int semi = value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            throw new ActionException("ctl:" + option + " needs SELECTOR;TARGET (e.g. 942100;ARGS:q), got '"
                    + value + "'");
        }
        String target = value.substring(semi + 1).trim();
        int colon = target.indexOf(':');
        String variable = colon < 0 ? target : target.substring(0, colon);
        if (Variable.lookup(variable) == null) {
            throw new ActionException("ctl:" + option + ": unknown variable '" + variable + "' in target '"
                    + target + "'");
        }
        return new String[] {value.substring(0, semi).trim(), target};
    }

    @Override
    public void applyTo(RuleDraft rule) {
        rule.runtimeActions.add(this);
    }

    @Override
    public void execute(ActionContext context) {
        effect.apply(context);
    }

    @Override
    public String toString() {
        return "ctl:" + text;
    }
}
