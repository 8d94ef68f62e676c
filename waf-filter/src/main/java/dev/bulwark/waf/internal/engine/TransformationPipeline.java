package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.transformations.CharClasses;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;
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
    /** Per step, its {@link Transformations#bit}. */
    private final long[] stepBits;
    /**
     * Per prefix, the set of its transformations ({@link Transformations#bit}); all bits set when one is not a
     * registered transformation, so that no value is ever known to be left unchanged by it.
     */
    private final long[] prefixMasks;
    /** Per step, its {@link Transformation#triggers} and {@link Transformation#caseTriggers}. */
    private final long[] triggers;
    private final long[] caseTriggers;

    TransformationPipeline(Transformation[] steps, int[] prefixIds) {
        this.steps = steps;
        this.prefixIds = prefixIds;
        this.stepBits = new long[steps.length];
        this.prefixMasks = new long[steps.length];
        this.triggers = new long[steps.length];
        this.caseTriggers = new long[steps.length];
        long mask = 0;
        for (int i = 0; i < steps.length; i++) {
            long bit = Transformations.bit(steps[i]);
            stepBits[i] = bit;
            mask = bit == 0 || mask == -1L ? -1L : mask | bit;
            prefixMasks[i] = mask;
            triggers[i] = steps[i].triggers();
            caseTriggers[i] = steps[i].caseTriggers();
        }
    }

    /**
     * Whether every text the pipeline makes of a value of these {@link CharClasses} (each step's, for multiMatch)
     * has the value's own signature: each step leaves the text as it is or changes only the case of its letters,
     * which signatures fold. A step that changed case may have added lower- or upper-case letters for the next.
     */
    boolean keepsSignature(long classes) {
        long c = classes;
        for (int i = 0; i < triggers.length; i++) {
            long hit = triggers[i] & c;
            if (hit == 0) {
                continue;
            }
            if ((hit & ~caseTriggers[i]) != 0) {
                return false;
            }
            c |= CharClasses.UPPER | CharClasses.LOWER;
        }
        return true;
    }

    int length() {
        return steps.length;
    }

    Transformation step(int i) {
        return steps[i];
    }

    long stepBit(int i) {
        return stepBits[i];
    }

    /** The transformations of the prefix that ends with step {@code i}, as a set of bits. */
    long prefixMask(int i) {
        return prefixMasks[i];
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
