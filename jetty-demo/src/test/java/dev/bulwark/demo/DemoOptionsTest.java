package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.EngineMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {

    @Test
    void parseWhenNoOptionsThenPort8080AndWebXmlRules() throws Exception {
        DemoOptions o = DemoOptions.parse();
        assertEquals(8080, o.port());
        assertEquals(List.of(), o.ruleSources());
        assertNull(o.engineMode());
        assertTrue(o.waf());
    }

    @Test
    void parseWhenCpuReportThenRequestsPerLine() throws Exception {
        assertEquals(0, DemoOptions.parse().cpuReport());
        assertEquals(10_000, DemoOptions.parse("--cpu-report", "10000", "--no-waf").cpuReport());
        for (String bad : new String[] {"0", "-5", "many"}) {
            DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class,
                    () -> DemoOptions.parse("--cpu-report", bad));
            assertTrue(e.getMessage().startsWith("--cpu-report needs"), e.getMessage());
        }
        assertThrows(DemoOptions.UsageException.class, () -> DemoOptions.parse("--cpu-report"));
    }

    @Test
    void parseWhenNoWafThenFilterOffAndRuleOptionsRefused() throws Exception {
        assertFalse(DemoOptions.parse("--no-waf", "--port", "0").waf());
        DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class,
                () -> DemoOptions.parse("--no-waf", "--mode", "On"));
        assertTrue(e.getMessage().contains("--no-waf cannot be combined"), e.getMessage());
    }

    @Test
    void parseWhenRulesRepeatedThenKeptInOrder() throws Exception {
        DemoOptions o = DemoOptions.parse("--rules", "classpath:bulwark/bulwark.conf", "--port", "0",
                "--rules", "/etc/bulwark/exclusions.conf", "--mode", "detectiononly");
        assertEquals(0, o.port());
        assertEquals(List.of("classpath:bulwark/bulwark.conf", "/etc/bulwark/exclusions.conf"), o.ruleSources());
        assertEquals(EngineMode.DETECTION_ONLY, o.engineMode());
    }

    @Test
    void parseWhenCrsThenBaseSetupAndRulesFirst(@TempDir Path crs) throws Exception {
        Files.createDirectory(crs.resolve("rules"));
        DemoOptions o = DemoOptions.parse("--rules", "local.conf", "--crs", crs.toString());
        assertEquals(List.of("classpath:bulwark/base.conf", crs.resolve("crs-setup.conf.example").toString(),
                crs.resolve("rules").resolve("*.conf").toString(), "local.conf"), o.ruleSources());
    }

    @Test
    void parseWhenCrsDirectoryHasNoRulesThenUsageError(@TempDir Path notCrs) {
        DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class,
                () -> DemoOptions.parse("--crs", notCrs.toString()));
        assertTrue(e.getMessage().contains("not a CRS directory"), e.getMessage());
    }

    @Test
    void parseWhenValuesWrongThenUsageErrorNamesTheOption() {
        for (String[] args : List.of(new String[] {"--port", "-1"}, new String[] {"--port", "70000"},
                new String[] {"--port", "1", "--port", "2"}, new String[] {"--mode"},
                new String[] {"--mode", "Loud"}, new String[] {"--rules", " "}, new String[] {"extra"})) {
            DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class,
                    () -> DemoOptions.parse(args), String.join(" ", args));
            assertTrue(e.getMessage().contains(args[0]) || e.getMessage().contains("unknown option"),
                    e.getMessage());
        }
    }

    @Test
    void parseWhenIncidentsFromThenNetworksCheckedAndKept() throws Exception {
        assertNull(DemoOptions.parse().incidentsFrom(), "web.xml's (loopback) unless given");
        assertEquals("10.1.0.0/16,::1", DemoOptions.parse("--incidents-from", " 10.1.0.0/16 , ::1 ").incidentsFrom());
        for (String[] args : List.of(new String[] {"--incidents-from", "intranet.example"},
                new String[] {"--incidents-from", "10.0.0.0/33"}, new String[] {"--incidents-from"},
                new String[] {"--incidents-from", "::1", "--incidents-from", "::1"})) {
            DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class,
                    () -> DemoOptions.parse(args), String.join(" ", args));
            assertTrue(e.getMessage().startsWith("--incidents-from"), e.getMessage());
        }
        assertTrue(DemoOptions.USAGE.contains("--incidents-from CIDR"));
    }
}
