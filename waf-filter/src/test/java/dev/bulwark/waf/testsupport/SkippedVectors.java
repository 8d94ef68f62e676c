package dev.bulwark.waf.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked-in list of SecLang vectors that are deliberately not run, {@code seclang-vectors-skipped.txt} on the
 * test classpath. One entry per line, {@code key<TAB>reason}; {@code #} lines and blank lines are ignored. A key is
 * either an operator or transformation name (all its vectors) or the display name of one vector, e.g.
 * {@code rx(<\?(?!xml), <?php)}. Every entry must give a reason.
 */
public final class SkippedVectors {

    public static final String RESOURCE = "/seclang-vectors-skipped.txt";

    private SkippedVectors() {}

    /** Key to reason, in file order. */
    public static Map<String, String> load() {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = SkippedVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String reason = tab < 0 ? "" : line.substring(tab + 1).trim();
                if (tab <= 0 || reason.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected key<TAB>reason");
                }
                if (entries.put(line.substring(0, tab), reason) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": duplicate key");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(entries);
    }
}
