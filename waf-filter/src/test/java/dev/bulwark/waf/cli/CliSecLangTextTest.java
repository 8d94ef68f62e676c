package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.blocked;
import static dev.bulwark.waf.cli.AuditLogFixture.compile;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static dev.bulwark.waf.cli.AuditLogFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SecLangText}: how targets and paths are written, and that what is written loads and selects the same. */
class CliSecLangTextTest {

    @Test
    void plainTargetsStayAsLogged() {
        assertEquals("ARGS:comment", SecLangText.target("ARGS:comment"));
        assertEquals("ARGS:json.items.0.name", SecLangText.target("ARGS:json.items.0.name"));
        assertEquals("REQUEST_HEADERS:User-Agent", SecLangText.target("REQUEST_HEADERS:User-Agent"));
        assertEquals("REQUEST_COOKIES:a b", SecLangText.target("REQUEST_COOKIES:a b"));
        assertEquals("REQUEST_FILENAME", SecLangText.target("REQUEST_FILENAME"));
    }

    @Test
    void awkwardKeysBecomeAnchoredRegexes() {
        assertEquals("ARGS:/^a\\x2cb$/", SecLangText.target("ARGS:a,b"));
        assertEquals("ARGS:/^\\x2fx\\x2f$/", SecLangText.target("ARGS:/x/"), "a slashed key is not a regex");
        assertEquals("ARGS:/^\\x20x$/", SecLangText.target("ARGS: x"), "a leading blank would be trimmed");
        assertEquals("ARGS:/^x\\x27$/", SecLangText.target("ARGS:x'"));
        assertEquals("ARGS:/^\\xc3\\xa9$/", SecLangText.target("ARGS:\u00c3\u00a9"));
    }

    @Test
    void paths() {
        assertEquals("@streq /post", SecLangText.pathOperator("/post"));
        assertEquals("@streq /a b.html", SecLangText.pathOperator("/a b.html"));
        assertEquals("@rx ^/a\\x25\\x7bx\\x7d$", SecLangText.pathOperator("/a%{x}"), "@streq would expand a macro");
        assertEquals("@rx ^/a\\x22b$", SecLangText.pathOperator("/a\"b"));
        assertEquals("@rx ^/x\\x20$", SecLangText.pathOperator("/x "));
    }

    @Test
    void aMacroLookingPathStillMatchesExactly() {
        String rules = "SecRequestBodyAccess On\nSecRule ARGS \"@rx select\" \"id:1001,phase:2,deny,log\"";
        String path = "/a%{tx.x}";
        String exclusion = SecLangText.pathScopedTargetRemoval(10000, path,
                List.of(new SecLangText.Target(1001, "ARGS:q")));
        assertTrue(exclusion.contains("@rx ^/a\\x25\\x7btx\\x2ex\\x7d$"), exclusion);
        var tuned = compile(rules + "\n" + exclusion);
        assertFalse(blocked(tuned, request().get("/a%25%7Btx.x%7D?q=select")));
        assertTrue(blocked(tuned, request().get("/a%25%7Btx.y%7D?q=select")));
        assertTrue(blocked(tuned, post("/a%25%7Btx.x%7D", "other=select")));
    }

    @Test
    void globalForm() {
        assertEquals("SecRuleUpdateTargetById 5 \"!ARGS:a|!ARGS:/^b\\x7cc$/\"",
                SecLangText.globalTargetRemoval(5, List.of("ARGS:a", "ARGS:b|c")));
    }
}
