package dev.bulwark.waf.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the reference data in {@code ../shared}: the CRS checkout and ModSecurity's SecLang test vectors. Tests read
 * it where it is and never copy it. On a machine without it the tests that need it are skipped with a message; CI
 * ({@code CI=true}) makes its absence a failure instead.
 */
public final class SharedData {

    private SharedData() {}

    /** The CRS directory: system property {@code crs.dir}, env {@code CRS_DIR}, else {@code ../shared/crs}. */
    public static Path crsDir() {
        return locate("crs.dir", "CRS_DIR", "crs");
    }

    /** The SecLang vectors: property {@code seclang.tests.dir}, env {@code SECLANG_TESTS_DIR}, else ../shared. */
    public static Path seclangTestsDir() {
        return locate("seclang.tests.dir", "SECLANG_TESTS_DIR", "seclang-tests");
    }

    /**
     * The CRS directory, when it has the rules and the regression tests; otherwise the calling test fails in CI and
     * is skipped elsewhere, saying where it looked.
     */
    public static Path requireCrs() {
        Path crs = crsDir();
        if (!Files.isDirectory(crs.resolve("rules")) || !Files.isDirectory(crs.resolve("tests/regression/tests"))) {
            String why = "CRS rules/tests not found under " + crs + " (set -Dcrs.dir or CRS_DIR)";
            if (inCi()) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        return crs;
    }

    /** True when running in CI, where missing reference data is an error rather than a reason to skip. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Path locate(String property, String env, String child) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(env);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Maven runs tests in the module directory; the project root is its parent.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared").resolve(child).normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("../shared", child).toAbsolutePath().normalize();
    }
}
