package dev.bulwark.waf.internal.operators;

/** An operator argument that cannot be compiled; the message is shown to the user with the rule's file:line. */
public final class OperatorException extends Exception {

    public OperatorException(String message) {
        super(message);
    }

    public OperatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
