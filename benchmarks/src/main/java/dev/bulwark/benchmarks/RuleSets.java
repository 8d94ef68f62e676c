package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.WafConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule sets the benchmarks compare. CRS is read from {@code -Dcrs.dir}, the {@code CRS_DIR} environment variable
 * (which JMH's forked JVMs inherit), or {@code ../shared/crs} from the working directory; it runs unmodified after
 * Bulwark's base configuration, in blocking mode, as {@code jetty-demo --crs} runs it.
 */
final class RuleSets {

    private RuleSets() {}

    static RuleSet load(String name) throws RuleLoadException {
        return switch (name) {
            case "none" -> RuleSet.fromText("SecRuleEngine On\n");
            case "bundled" -> RuleSet.compile(WafConfig.builder().rules("classpath:bulwark/bulwark.conf").build());
            case "crs-pl1" -> crs(1);
            case "crs-pl4" -> crs(4);
            default -> throw new IllegalArgumentException("unknown rule set " + name);
        };
    }

    private static RuleSet crs(int paranoiaLevel) throws RuleLoadException {
        Path crs = crsDir();
        return RuleSet.compile(WafConfig.builder().rules(
                RuleSource.classpath("bulwark/base.conf"),
                RuleSource.path(crs.resolve("crs-setup.conf.example")),
                RuleSource.text("SecAction \"id:900000,phase:1,pass,nolog,t:none,"
                        + "setvar:tx.blocking_paranoia_level=" + paranoiaLevel + "\"", "benchmark paranoia level"),
                RuleSource.path(crs.resolve("rules").resolve("*.conf"))).build());
    }

    /**
     * The rules of CRS's request files tagged paranoia-level/1, in file order, each as one logical line (its
     * continuations joined). Chained links, indented lines of their own, are left out: their heads carry the tags.
     */
    static List<String> paranoiaLevelOneRequestRules(Path crs) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(crs.resolve("rules"))) {
            files = s.filter(p -> p.getFileName().toString().matches("REQUEST-.*\\.conf")).sorted().toList();
        }
        List<String> rules = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readString(f).replace("\\\n", " ").split("\n")) {
                if (line.startsWith("SecRule") && line.contains("paranoia-level/1'")) {
                    rules.add(line);
                }
            }
        }
        return rules;
    }

    static Path crsDir() {
        String configured = System.getProperty("crs.dir", System.getenv("CRS_DIR"));
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../shared/crs").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("rules"))) {
            throw new IllegalStateException("no OWASP CRS at " + dir + ": set CRS_DIR or -Dcrs.dir");
        }
        return dir;
    }
}
