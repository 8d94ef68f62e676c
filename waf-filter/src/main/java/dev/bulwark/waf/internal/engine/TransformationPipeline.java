package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.transformations.Transformation;
import java.util.List;

/**
 * The transformations of one rule, in order. Each prefix of the pipeline has a number that is unique in the rule
 * set ({@link #prefixIds}), assigned by the compiler so that rules sharing a prefix (e.g. {@code t:urlDecodeUni})
 * share the cached result of that prefix in the transaction. Immutable.
 */
final class TransformationPipeline {

    static final TransformationPipeline EMPTY = new TransformationPipeline(new Transformation[0], new int[0]);

    private final Transformation[] steps;
    private final int[] prefixIds;

    TransformationPipeline(Transformation[] steps, int[] prefixIds) {
        this.steps = steps;
        this.prefixIds = prefixIds;
    }

    int length() {
        return steps.length;
    }

    Transformation step(int i) {
        return steps[i];
    }

    /** The id of the prefix that ends with step {@code i}. */
    int prefixId(int i) {
        return prefixIds[i];
    }

    List<Transformation> steps() {
        return List.of(steps);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("t:none");
        for (Transformation t : steps) {
            b.append(",t:").append(t.name());
        }
        return b.toString();
    }
}
