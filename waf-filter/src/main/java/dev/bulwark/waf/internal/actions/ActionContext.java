package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.variables.Target;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.internal.macro.MacroText;

/** What runtime actions may do to the running transaction. */
public interface ActionContext {

    String expand(MacroText text);

    /** Reads a variable of a collection ({@code TX}, or one opened by {@code initcol}); null when unset. */
    String collectionValue(String collection, String key);

    /** Sets a variable of a collection. */
    void setCollectionValue(String collection, String key, String value);

    /** Deletes a variable of a collection. */
    void removeCollectionValue(String collection, String key);

    /** Opens a transient collection ({@code initcol}). */
    void openCollection(String collection, String key);

    void setEngineMode(EngineMode mode);

    void removeRulesById(long from, long to);

    void removeRulesByTag(String tag);

    void removeRulesByMsg(String msg);

    /** Excludes {@code target} (e.g. {@code ARGS:password}) from the rules with ids in the range. */
    void removeTargetById(long from, long to, Target target);

    void removeTargetByTag(String tag, Target target);

    void removeTargetByMsg(String msg, Target target);

    void setRequestBodyProcessor(String processor);

    void setRequestBodyAccess(boolean on);

    void setForceRequestBodyVariable(boolean on);

    void setAuditEngine(String value);

    void setAuditLogParts(String value);

    void setEnvironment(String name, String value);
}
