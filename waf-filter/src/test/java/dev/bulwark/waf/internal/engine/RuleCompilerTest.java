package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.internal.seclang.SecLangParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every load error names the file and line of the directive that caused it. */
class RuleCompilerTest {

    private static List<RuleLoadError> compile(String rules) {
        List<RuleLoadError> errors = new ArrayList<>();
        SecLangParser parser = new SecLangParser(errors);
        parser.parse(rules, "test.conf", null);
        RuleCompiler compiler = new RuleCompiler(errors);
        compiler.compile(parser.directives());
        compiler.finish();
        return errors;
    }

    static Stream<Arguments> errorCases() {
        return Stream.of(
                Arguments.of("unknown directive", "SecFooBar On", "unknown or unsupported directive 'SecFooBar'"),
                Arguments.of("unknown operator", "SecRule ARGS \"@nope x\" \"id:1\"", "unknown operator '@nope'"),
                Arguments.of("unknown action", "SecRule ARGS \"x\" \"id:1,frobnicate\"", "unknown action 'frobnicate'"),
                Arguments.of("unknown transformation", "SecRule ARGS \"x\" \"id:1,t:rot13\"", "unknown transformation 't:rot13'"),
                Arguments.of("unknown variable", "SecRule ARGZ \"x\" \"id:1\"", "unknown variable 'ARGZ'"),
                Arguments.of("missing id", "SecRule ARGS \"x\" \"phase:2,deny\"", "rule has no id"),
                Arguments.of("bad regex", "SecRule ARGS \"@rx (a\" \"id:1\"", "invalid regular expression"),
                Arguments.of("backreference", "SecRule ARGS \"@rx (a)\\1\" \"id:1\"", "invalid regular expression"),
                Arguments.of("bad phase", "SecRule ARGS \"x\" \"id:1,phase:9\"", "phase must be 1..5"),
                Arguments.of("id in chain link", "SecRule ARGS \"x\" \"id:1,chain\"\nSecRule ARGS \"y\" \"id:2\"", "only allowed in the first rule of a chain"),
                Arguments.of("unsupported action", "SecRule ARGS \"x\" \"id:1,exec:/bin/sh\"", "not supported by Bulwark"),
                Arguments.of("bad engine mode", "SecRuleEngine Maybe", "On, Off or DetectionOnly"),
                Arguments.of("bad ctl", "SecRule ARGS \"x\" \"id:1,ctl:debugLogLevel=9\"", "ctl option 'debugLogLevel' is not supported"),
                Arguments.of("bad ctl target", "SecRule ARGS \"x\" \"id:1,ctl:ruleRemoveTargetById=1;FOO:x\"", "unknown variable 'FOO'"),
                Arguments.of("skipAfter no marker", "SecRule ARGS \"x\" \"id:1,skipAfter:NOWHERE\"", "names no SecMarker"),
                Arguments.of("default without phase", "SecDefaultAction \"log,pass\"", "must name a phase"),
                Arguments.of("update unknown rule", "SecRuleUpdateTargetById 42 \"!ARGS:x\"", "no rule with id 42"),
                Arguments.of("bad limit", "SecRequestBodyLimit lots", "non-negative number"),
                Arguments.of("bad limit action", "SecRequestBodyLimitAction Later", "Reject or ProcessPartial"),
                Arguments.of("missing tmp dir", "SecTmpDir /no/such/bulwark/dir", "SecTmpDir: not a writable directory"),
                Arguments.of("key on scalar", "SecRule REQUEST_URI:x \"x\" \"id:1\"", "takes no key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void errorNamesFileLineAndCause(String name, String rules, String expected) {
        String text = "SecMarker FIRST\n" + rules.replace("\\n", "\n").strip();
        List<RuleLoadError> errors = compile(text);
        assertEquals(1, errors.size(), () -> name + ": " + errors);
        assertEquals("test.conf", errors.get(0).location().file());
        int lastLine = (int) text.chars().filter(c -> c == '\n').count() + 1;
        assertEquals(lastLine, errors.get(0).location().line(), name);
        assertTrue(errors.get(0).message().contains(expected), () -> name + ": " + errors.get(0).message());
    }

    @org.junit.jupiter.api.Test
    void duplicateIdNamesBothPlaces() {
        List<RuleLoadError> errors = compile("SecRule ARGS \"x\" \"id:7\"\n\nSecRule ARGS \"y\" \"id:7\"");
        assertEquals(1, errors.size());
        assertEquals(3, errors.get(0).location().line());
        assertTrue(errors.get(0).message().contains("test.conf:1"), errors.get(0).message());
    }

    @org.junit.jupiter.api.Test
    void chainWithoutFollowingRule() {
        List<RuleLoadError> errors = compile("SecRule ARGS \"x\" \"id:7,chain\"");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("chain"), errors.get(0).message());
    }
}
