package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;

/**
 * {@code t:name}: apply a transformation to every value before the operator sees it, in the order written.
 * {@code t:none} clears the transformations listed before it and those inherited from {@code SecDefaultAction}.
 *
 * <p>Example: {@code t:none,t:urlDecodeUni,t:lowercase}.
 */
final class T implements Action {

    private final Transformation transformation;

    T(String argument) throws ActionException {
        String name = ArgumentParsing.required("t", argument).trim();
        Transformation t = Transformations.lookup(name);
        if (t == null) {
            throw new ActionException("unknown transformation 't:" + name + "'");
        }
        this.transformation = t;
    }

    @Override
    public void applyTo(RuleDraft rule) {
        if (transformation.name().equals("none")) {
            rule.transformations.clear();
        } else {
            rule.transformations.add(transformation);
        }
    }
}
