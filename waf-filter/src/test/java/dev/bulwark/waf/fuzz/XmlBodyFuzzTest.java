package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.internal.body.BodyParseException;
import dev.bulwark.waf.internal.body.XPathLite;
import dev.bulwark.waf.internal.body.XmlBodyParser;
import dev.bulwark.waf.internal.body.XmlDocument;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The XML body processor on arbitrary bytes: it either returns a document or throws {@link BodyParseException};
 * anything else (another exception, a hang, running out of memory, reaching for a file or the network through an
 * entity, which Jazzer's sanitizers report) is a bug. Every value the document hands out (root name, text, the values
 * of a few XPath selectors) is a byte string, and the node count stays within the limit. Each input is parsed with the
 * default limits and with tight ones.
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XmlBodyFuzzTest {

    private static final XmlBodyParser DEFAULT_LIMITS = new XmlBodyParser();
    private static final XmlBodyParser TIGHT_LIMITS = new XmlBodyParser(3, 20);

    private static final List<XPathLite> SELECTORS = List.of(
            XPathLite.compile("/*"),
            XPathLite.compile("//@*"),
            XPathLite.compile("//*"),
            XPathLite.compile("//text()"),
            XPathLite.compile("/*/*/@id"));

    @DictionaryFile(resourcePath = "xml.dict")
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] body) {
        parseChecked(DEFAULT_LIMITS, body);
        parseChecked(TIGHT_LIMITS, body);
    }

    private static void parseChecked(XmlBodyParser parser, byte[] body) {
        XmlDocument document;
        try {
            document = parser.parse(body);
        } catch (BodyParseException e) {
            ByteStringCheck.checkNonNull("error message", e.getMessage());
            return;
        }
        if (document.nodeCount() < 1 || document.nodeCount() > parser.maxNodes()) {
            throw new AssertionError(document.nodeCount() + " nodes, limit " + parser.maxNodes());
        }
        ByteStringCheck.checkNonNull("root name", document.rootName());
        ByteStringCheck.checkNonNull("document text", document.text());
        for (XPathLite selector : SELECTORS) {
            for (String value : document.select(selector)) {
                ByteStringCheck.checkNonNull("value of " + selector, value);
            }
        }
    }
}
