package dev.bulwark.waf.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Bulwark's command line: {@code explain} turns an incident id from a block page into the reason and the narrowest
 * exclusion; {@code tune} proposes exclusions from a whole audit log and can verify them by replaying the logged
 * requests. The entry point of the {@code waf-filter} jars ({@code java -jar waf-filter-VERSION-cli.jar ...}).
 *
 * <p>Exit status: 0 success, 1 incident not found, unreadable input, rules that do not load or a failed
 * verification, 2 usage error (the usage text is printed).
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar waf-filter-VERSION-cli.jar COMMAND [OPTIONS]

            Commands:
              explain --audit-log FILE [--rules SOURCE]... [--first-id N] [--format text|json] INCIDENT_ID
                  Why the transaction INCIDENT_ID (the id on the block page, the log's unique_id) was blocked: the
                  request, the verdict, every rule that matched with the field and the bytes it matched, the anomaly
                  score against the threshold, and the narrowest exclusion as SecLang, ready to paste.
              tune --audit-log FILE [--rules SOURCE]... [--min-count N] [--first-id N] [--out FILE]
                   [--attack INCIDENT_ID]... [--include-mixed] [--verify]
                  Groups the matches of every logged transaction by rule, field and path, ranks them, and proposes a
                  path-scoped exclusion for each group whose requests look benign (see tuning.md for the heuristic).
              help
                  This text.

            Options:
              --audit-log FILE   an audit log (JSON lines; a .gz file is read through gzip); repeat for rotated files
              --rules SOURCE     the rules (a file, a directory, a glob or classpath:NAME), repeatable, in load order;
                                 gives the anomaly threshold when the log does not, and is what --verify replays through
              --first-id N       the id of the first suggested rule (default 10000; ids go up by one)
              --format FORMAT    explain's output: text (default) or json
              --min-count N      tune: propose only groups seen in at least N benign-looking requests (default 1)
              --out FILE         tune: write the proposed exclusions to FILE (default: print them)
              --attack ID        tune: treat this incident as an attack (repeatable)
              --include-mixed    tune: also propose groups in which some requests look like attacks (counting only
                                 the benign ones); use with --verify
              --verify           tune: replay every logged request through --rules without and with the proposals
                                 (needs parts B and C in the log); fails if an attack-looking request would pass

            Exit status: 0 success; 1 incident not found, unreadable input, rules that do not load, or failed
            verification; 2 usage error.
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. Never throws for bad input. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err, "no command given");
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "explain":
                    return ExplainCommand.run(rest, out, err);
                case "tune":
                    return TuneCommand.run(rest, out, err);
                case "help", "--help":
                    out.print(USAGE_TEXT);
                    return OK;
                default:
                    return usage(err, "unknown command '" + command + "'");
            }
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        } catch (NoClassDefFoundError e) {
            err.println("error: a class is missing from the class path (" + e.getMessage() + "). Run the "
                    + "self-contained jar, waf-filter-VERSION-cli.jar, which includes RE2/J.");
            return FAILED;
        } catch (RuntimeException e) {
            // a bug, not bad input (that has its own messages): say so briefly rather than dump a trace
            err.println("error: internal failure: " + e);
            return FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
