package dev.bulwark.waf.crs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides a stage the way go-ftw does: transport error vs {@code expect_error}, exact status, then the log lines of
 * the request: rule ids from {@code [id "N"]}, {@code expect_ids} all present, {@code no_expect_ids} none present,
 * {@code match_regex}/{@code no_match_regex} per line. (Test-harness code: java.util.regex here reads our own log
 * lines, never request data on a rule path.)
 */
final class FtwCheck {

    private static final Pattern ID = Pattern.compile("\\[(?:id |\\\\?\"id\\\\?\":)\\\\?\"(\\d+)\\\\?\"]");

    private FtwCheck() {}

    /** Rule ids found in the lines, in order of first appearance. */
    static Set<String> ids(List<String> lines) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = ID.matcher(line);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /**
     * Returns null when the stage passes, else why it failed.
     *
     * @param status the response status, or -1 when the exchange failed
     */
    static String check(FtwTest.Output out, int status, List<String> lines) {
        if (out.expectError()) {
            return status < 0 ? null : "expected a transport error, got status " + status;
        }
        if (status < 0) {
            return "transport error";
        }
        if (out.status() != null && out.status() != status) {
            return "expected status " + out.status() + ", got " + status;
        }
        Set<String> ids = ids(lines);
        for (String id : out.expectIds()) {
            if (!ids.contains(id)) {
                return "expected rule " + id + " in the log; logged " + ids;
            }
        }
        for (String id : out.noExpectIds()) {
            if (ids.contains(id)) {
                return "rule " + id + " must not be logged; logged " + ids;
            }
        }
        if (out.matchRegex() != null && lines.stream().noneMatch(l -> Pattern.compile(out.matchRegex())
                .matcher(l).find())) {
            return "no log line matches /" + out.matchRegex() + "/";
        }
        if (out.noMatchRegex() != null && lines.stream().anyMatch(l -> Pattern.compile(out.noMatchRegex())
                .matcher(l).find())) {
            return "a log line matches /" + out.noMatchRegex() + "/";
        }
        return null;
    }
}
