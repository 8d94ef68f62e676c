package dev.bulwark.waf.cli;

/** The command line cannot be understood; the message says why, and the usage text follows it. Exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
