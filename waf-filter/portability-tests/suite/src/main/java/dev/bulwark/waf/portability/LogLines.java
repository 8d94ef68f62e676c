package dev.bulwark.waf.portability;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads fields out of the WAF's error log lines ({@code [id "942100"]}, {@code [data "..."]}). */
public final class LogLines {

    private static final Pattern ID = Pattern.compile("\\[id \"([0-9]+)\"\\]");
    private static final Pattern DATA = Pattern.compile("\\[data \"((?:[^\"\\\\]|\\\\.)*)\"\\]");
    private static final Pattern UNIQUE_ID = Pattern.compile("\\[unique_id \"([^\"]*)\"\\]");

    private LogLines() {}

    /** The rule ids the lines name, sorted. */
    public static Set<Long> ruleIds(List<String> lines) {
        Set<Long> ids = new TreeSet<>();
        for (String line : lines) {
            Matcher m = ID.matcher(line);
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }

    /** The rule id of one line, or null. */
    public static String id(String line) {
        Matcher m = ID.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The {@code data} field of one line (still escaped as logged), or null. */
    public static String data(String line) {
        Matcher m = DATA.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The {@code unique_id} field of one line, or null. */
    public static String uniqueId(String line) {
        Matcher m = UNIQUE_ID.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The only line of rule {@code id}; fails when there is none or several. */
    public static String lineOf(List<String> lines, long id) {
        List<String> l = lines.stream().filter(s -> s.contains("[id \"" + id + "\"]")).toList();
        if (l.size() != 1) {
            throw new AssertionError("expected one line for rule " + id + ", got " + l.size() + ": " + lines);
        }
        return l.get(0);
    }
}
