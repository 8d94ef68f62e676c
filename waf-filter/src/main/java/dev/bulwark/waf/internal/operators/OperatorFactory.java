package dev.bulwark.waf.internal.operators;

/** Compiles an operator argument once, at load time. */
@FunctionalInterface
public interface OperatorFactory {

    /**
     * Builds the operator.
     *
     * @throws OperatorException when the argument is invalid; the loader adds file:line to the message
     */
    Operator create(OperatorArgument argument) throws OperatorException;
}
