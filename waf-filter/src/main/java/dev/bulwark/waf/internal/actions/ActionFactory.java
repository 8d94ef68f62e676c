package dev.bulwark.waf.internal.actions;

/** Builds an action from its argument (null when written without {@code :}), once, at load. */
@FunctionalInterface
public interface ActionFactory {

    Action create(String argument) throws ActionException;
}
