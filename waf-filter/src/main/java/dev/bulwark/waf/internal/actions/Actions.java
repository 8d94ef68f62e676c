package dev.bulwark.waf.internal.actions;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table of every SecLang action, by name (case-insensitive). Actions ModSecurity defines that Bulwark does not
 * carry out are listed too, so that loading fails with a specific reason instead of "unknown action".
 */
public final class Actions {

    private static final Map<String, ActionFactory> BY_NAME = table();

    private Actions() {}

    private static Map<String, ActionFactory> table() {
        Map<String, ActionFactory> m = new TreeMap<>();
        put(m, "id", Id::new);
        put(m, "phase", Phase::new);
        put(m, "msg", Msg::new);
        put(m, "logdata", Logdata::new);
        put(m, "tag", Tag::new);
        put(m, "severity", Severity::new);
        put(m, "ver", Ver::new);
        put(m, "rev", Rev::new);
        put(m, "maturity", Maturity::new);
        put(m, "accuracy", Accuracy::new);
        put(m, "chain", noArgument("chain", new Chain()));
        put(m, "skipAfter", SkipAfter::new);
        put(m, "skip", Skip::new);
        put(m, "deny", noArgument("deny", new Deny()));
        put(m, "block", noArgument("block", new Block()));
        put(m, "pass", noArgument("pass", new Pass()));
        put(m, "drop", noArgument("drop", new Drop()));
        put(m, "allow", Allow::new);
        put(m, "redirect", Redirect::new);
        put(m, "status", Status::new);
        put(m, "log", noArgument("log", new Log()));
        put(m, "nolog", noArgument("nolog", new NoLog()));
        put(m, "auditlog", noArgument("auditlog", new AuditLog()));
        put(m, "noauditlog", noArgument("noauditlog", new NoAuditLog()));
        put(m, "capture", noArgument("capture", new Capture()));
        put(m, "multiMatch", noArgument("multiMatch", new MultiMatch()));
        put(m, "t", T::new);
        put(m, "setvar", SetVar::new);
        put(m, "ctl", Ctl::new);
        put(m, "initcol", InitCol::new);
        put(m, "setenv", SetEnv::new);
        unsupported(m, "exec", "running external programs from rules is not supported");
        unsupported(m, "proxy", "Bulwark runs inside the application and cannot proxy requests");
        unsupported(m, "pause", "pausing request threads would hand attackers a denial of service");
        unsupported(m, "expirevar", "persistent collections are not available yet");
        unsupported(m, "deprecatevar", "persistent collections are not available yet");
        unsupported(m, "setsid", "persistent collections are not available yet");
        unsupported(m, "setuid", "persistent collections are not available yet");
        unsupported(m, "setrsc", "persistent collections are not available yet");
        unsupported(m, "append", "response content injection is not supported");
        unsupported(m, "prepend", "response content injection is not supported");
        unsupported(m, "sanitiseArg", "audit-log sanitising actions are not supported yet");
        unsupported(m, "sanitiseMatched", "audit-log sanitising actions are not supported yet");
        unsupported(m, "sanitiseMatchedBytes", "audit-log sanitising actions are not supported yet");
        unsupported(m, "sanitiseRequestHeader", "audit-log sanitising actions are not supported yet");
        unsupported(m, "sanitiseResponseHeader", "audit-log sanitising actions are not supported yet");
        unsupported(m, "xmlns", "XPath namespaces are not supported yet");
        return Map.copyOf(m);
    }

    private static void put(Map<String, ActionFactory> m, String name, ActionFactory f) {
        if (m.put(name.toLowerCase(Locale.ROOT), f) != null) {
            throw new IllegalStateException("duplicate action " + name);
        }
    }

    private static ActionFactory noArgument(String name, Action action) {
        return argument -> {
            ArgumentParsing.none(name, argument);
            return action;
        };
    }

    private static void unsupported(Map<String, ActionFactory> m, String name, String why) {
        put(m, name, argument -> {
            throw new ActionException("action '" + name + "' is not supported by Bulwark: " + why);
        });
    }

    /** The factory for action {@code name} (any case), or null when ModSecurity has no such action. */
    public static ActionFactory lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public static Set<String> names() {
        return new TreeMap<>(BY_NAME).keySet();
    }
}
