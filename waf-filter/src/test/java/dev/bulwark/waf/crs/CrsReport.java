package dev.bulwark.waf.crs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a harness run (the one summary line, then the failing ids with their reasons) and fails the test when the
 * failures differ from the known-failures list: an unlisted failure is a regression, a listed test that now passes
 * must be taken off the list.
 */
final class CrsReport {

    private CrsReport() {}

    static void finish(CrsHarness.Report report, String harness, String knownFailuresResource) throws IOException {
        System.out.println(report.summary(harness));
        if (!report.failures().isEmpty()) {
            System.out.println("CRS regression (" + harness + ") failing ids: "
                    + String.join(" ", report.failures().keySet()));
            report.failures().forEach((id, why) -> System.out.println("  " + id + ": " + why));
        }
        Map<String, String> known = CrsHarness.knownFailures(knownFailuresResource);
        List<String> problems = new ArrayList<>();
        report.failures().forEach((id, why) -> {
            if (!known.containsKey(id)) {
                problems.add("new failure " + id + ": " + why);
            }
        });
        if (!CrsHarness.selectionIsPartial()) {
            for (String id : known.keySet()) {
                if (!report.failures().containsKey(id)) {
                    problems.add("passes now, remove it from " + knownFailuresResource + ": " + id);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(report.summary(harness) + "\n" + String.join("\n", problems));
        }
    }
}
