package dev.bulwark.waf.internal.actions;

/** Small argument checks shared by the action factories, so every message names the action. */
final class ArgumentParsing {

    private ArgumentParsing() {}

    static String required(String action, String argument) throws ActionException {
        if (argument == null || argument.isEmpty()) {
            throw new ActionException("action '" + action + "' needs an argument (" + action + ":...)");
        }
        return argument;
    }

    static void none(String action, String argument) throws ActionException {
        if (argument != null) {
            throw new ActionException("action '" + action + "' takes no argument, got '" + argument + "'");
        }
    }

    static long positiveLong(String action, String argument) throws ActionException {
        long v = positiveOrZeroLong(action, argument);
        if (v == 0) {
            throw new ActionException("action '" + action + "' needs a positive number, got '" + argument + "'");
        }
        return v;
    }

    static long positiveOrZeroLong(String action, String argument) throws ActionException {
        String a = required(action, argument).trim();
        try {
            long v = Long.parseLong(a);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ActionException("action '" + action + "' needs a number, got '" + argument + "'");
        }
    }

    /** Parses {@code N} or {@code N-M} into {from, to}. */
    static long[] idRange(String action, String text) throws ActionException {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) {
                long id = Long.parseLong(t);
                return new long[] {id, id};
            }
            long from = Long.parseLong(t.substring(0, dash).trim());
            long to = Long.parseLong(t.substring(dash + 1).trim());
            if (from > to) {
                throw new ActionException(action + ": id range '" + text + "' runs backwards");
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            throw new ActionException(action + ": '" + text + "' is not a rule id or id range (N or N-M)");
        }
    }
}
