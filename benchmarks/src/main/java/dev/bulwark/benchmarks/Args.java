package dev.bulwark.benchmarks;

/** {@code name=value} options of the benchmarks' command-line tools. */
final class Args {

    private Args() {}

    /** The value of option {@code name} among {@code args}, or {@code fallback}. */
    static String option(String[] args, String name, String fallback) {
        return option(args, 0, name, fallback);
    }

    /** As {@link #option(String[], String, String)}, looking at {@code args[from..]} only. */
    static String option(String[] args, int from, String name, String fallback) {
        for (int i = from; i < args.length; i++) {
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
