package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options and operands of one command: {@code --name value} (or {@code --name=value}) for the options that take
 * a value, {@code --name} for flags, anything else an operand (also what starts with a single dash: incident ids may);
 * {@code --} ends the options. Unknown options are
 * usage errors, so a typo never silently changes what the command does.
 */
final class CommandLine {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> operands = new ArrayList<>();

    private CommandLine() {}

    /**
     * Parses {@code args} from index {@code from}.
     *
     * @param valued the options that take a value (with their dashes: {@code --audit-log})
     * @param flags the options that take none
     */
    static CommandLine parse(String[] args, int from, Set<String> valued, Set<String> flags) throws UsageException {
        CommandLine c = new CommandLine();
        boolean options = true;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (options && arg.equals("--")) {
                options = false;
                continue;
            }
            // options are --long only: an operand such as an incident id may start with one dash
            if (!options || !arg.startsWith("--")) {
                c.operands.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                c.values.computeIfAbsent(name, k -> new ArrayList<>()).add("");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                c.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + name + " (an operand that starts with -- goes after a "
                        + "lone --, e.g. an incident id: explain --audit-log FILE -- " + name + ")");
            }
        }
        return c;
    }

    /** Every value given for {@code option}, in order. */
    List<String> values(String option) {
        return values.getOrDefault(option, List.of());
    }

    /** The value of an option that may be given once, or null when absent. */
    String value(String option) throws UsageException {
        List<String> v = values(option);
        if (v.size() > 1) {
            throw new UsageException(option + " given more than once");
        }
        return v.isEmpty() ? null : v.get(0);
    }

    boolean flag(String option) {
        return values.containsKey(option);
    }

    List<String> operands() {
        return List.copyOf(operands);
    }

    /** The whole number given for {@code option} (at least {@code min}), or {@code otherwise} when absent. */
    long number(String option, long otherwise, long min) throws UsageException {
        String v = value(option);
        if (v == null) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + v + "'");
        }
        if (n < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + n);
        }
        return n;
    }
}
