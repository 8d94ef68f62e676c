package dev.bulwark.waf.internal.actions;

/** An action that cannot be used as written; the message is shown with the rule's file:line. */
public final class ActionException extends Exception {

    public ActionException(String message) {
        super(message);
    }
}
