package dev.bulwark.waf.internal.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlBodyParserTest {

    private static final XPathLite ROOT = XPathLite.compile("/*");
    private static final XPathLite ALL_ATTRIBUTES = XPathLite.compile("//@*");

    private final XmlBodyParser parser = new XmlBodyParser();

    private XmlDocument parse(String xml) throws BodyParseException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> select(String xml, String xpath) throws BodyParseException {
        return parse(xml).select(XPathLite.compile(xpath));
    }

    private BodyParseException error(String xml) {
        return assertThrows(BodyParseException.class, () -> parse(xml));
    }

    // ---- what the CRS selectors see --------------------------------------------------------------------------

    @Test
    void selectWhenRootSelectorThenOneValueWithAllText() throws Exception {
        XmlDocument doc = parse("<a x=\"1\"><b>hi</b> there</a>");
        assertEquals(List.of("hi there"), doc.select(ROOT));
        assertEquals("hi there", doc.text());
        assertEquals(List.of("1"), doc.select(ALL_ATTRIBUTES));
    }

    @Test
    void selectWhenWhitespaceBetweenElementsThenKept() throws Exception {
        assertEquals(List.of("\n  x\n  y\n"), select("<?xml version=\"1.0\"?>\n<a>\n  <b>x</b>\n  <c>y</c>\n</a>\n",
                "/*"));
    }

    @Test
    void selectWhenCdataAndReferencesThenDecodedText() throws Exception {
        assertEquals(List.of("<script>x<&A'\"\u00e2\u0082\u00ac"),
                select("<a><![CDATA[<script>]]>x&lt;&amp;&#65;&apos;&quot;&#x20AC;</a>", "/*"));
    }

    @Test
    void selectWhenCommentsAndProcessingInstructionsThenNotText() throws Exception {
        String xml = "<a>x<!--c-->y<?pi data?>z</a>";
        assertEquals(List.of("xyz"), select(xml, "/*"));
        assertEquals(List.of("x", "y", "z"), select(xml, "/a/text()"));
    }

    @Test
    void selectWhenAttributesEverywhereThenAllInDocumentOrder() throws Exception {
        String xml = "<a p=\"1\" q=\"2\"><b r=\"3\"/><c s=\"4\"><d t=\"5\">text</d></c><e u=\"6\"/></a>";
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), select(xml, "//@*"));
    }

    @Test
    void selectWhenNamespaceDeclarationsThenNotAttributes() throws Exception {
        String xml = "<a xmlns=\"urn:x\" xmlns:p=\"urn:p\" p:attr=\"v\" plain=\"w\"><p:b>t</p:b></a>";
        assertEquals(List.of("v", "w"), select(xml, "//@*"));
        assertEquals(List.of("t"), select(xml, "/a/p:b"));
    }

    @Test
    void parseWhenUnboundPrefixThenAcceptedLikeLibxml2() throws Exception {
        assertEquals(List.of("data:,alert(1)"), select("<x:script src=\"data:,alert(1)\" />", "//@*"));
    }

    @Test
    void selectWhenAttributeValueHasNewlineThenNormalizedToSpace() throws Exception {
        assertEquals(List.of("a b c"), select("<a x=\"a\nb\tc\"/>", "//@*"));
    }

    @Test
    void selectWhenCrsStyleSoapBodyThenPayloadVisible() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soapenv:Body><q id=\"java.lang.Runtime\">cat /etc/passwd</q></soapenv:Body></soapenv:Envelope>";
        XmlDocument doc = parse(xml);
        assertEquals(List.of("cat /etc/passwd"), doc.select(ROOT));
        assertEquals(List.of("java.lang.Runtime"), doc.select(ALL_ATTRIBUTES));
        assertEquals("soapenv:Envelope", doc.rootName());
    }

    // ---- XPath-lite ------------------------------------------------------------------------------------------

    @Test
    void selectWhenChildPathThenMatchingElements() throws Exception {
        String xml = "<a><b>1</b><c><b>2</b></c><b>3</b></a>";
        assertEquals(List.of("1", "3"), select(xml, "/a/b"));
        assertEquals(List.of("1", "2", "3"), select(xml, "//b"));
        assertEquals(List.of("2"), select(xml, "/a/c/b"));
        assertEquals(List.of("2"), select(xml, "/a//c/b"));
        assertEquals(List.of("1", "2", "3"), select(xml, "/*/*"));
        assertEquals(List.of("123", "1", "2", "2", "3"), select(xml, "//*"));
        assertEquals(List.of(), select(xml, "/b"));
        assertEquals(List.of(), select(xml, "/a/x"));
        assertEquals(List.of("123"), select(xml, "/a"));
    }

    @Test
    void selectWhenNamedAttributeThenOnlyThoseValues() throws Exception {
        String xml = "<a x=\"1\" y=\"2\"><b x=\"3\"/></a>";
        assertEquals(List.of("1", "3"), select(xml, "//@x"));
        assertEquals(List.of("1"), select(xml, "/a/@x"));
        assertEquals(List.of("1", "2"), select(xml, "/a/@*"));
        assertEquals(List.of("3"), select(xml, "/a/b/@*"));
        // descendant-or-self: a's own attributes count too, as in XPath
        assertEquals(List.of("1", "3"), select(xml, "/a//@x"));
    }

    @Test
    void selectWhenNestedContextsOverlapThenNoDuplicates() throws Exception {
        String xml = "<a><a><b>1</b></a><b>2</b></a>";
        assertEquals(List.of("1", "2"), select(xml, "//a//b"));
        assertEquals(List.of("1", "2"), select(xml, "//a/b"));
    }

    @Test
    void selectWhenDescendantTextThenDocumentOrder() throws Exception {
        assertEquals(List.of("x", "y", "z"), select("<a>x<b>y</b>z</a>", "//text()"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/b", "/", "//", "/a/", "/a//", "/a[1]", "/a/@x/b", "/a/text()/b",
        "/child::a", "/a|/b", "count(/a)", "/a b", "/@", "/a/@", "/$x", "/a/node()"})
    void compileWhenOutsideTheSubsetThenRejectedWithReason(String expression) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XPathLite.compile(expression));
        assertTrue(e.getMessage().startsWith("Unsupported XPath expression"), e.getMessage());
    }

    @Test
    void compileWhenValidThenPrintsAsWritten() {
        for (String expression : List.of("/*", "//@*", "/a/b", "//name", "//@name", "/a//b/text()", "/p:a/@p:x")) {
            assertEquals(expression, XPathLite.compile(expression).toString());
        }
        assertEquals(XPathLite.compile("/a"), XPathLite.compile("/a"));
    }

    // ---- encodings -------------------------------------------------------------------------------------------

    @Test
    void parseWhenDeclaredLatin1ThenValuesAreUtf8Bytes() throws Exception {
        byte[] body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a x=\"\u00e9\">\u00e9</a>"
                .getBytes(StandardCharsets.ISO_8859_1);
        XmlDocument doc = parser.parse(body);
        assertEquals(List.of("\u00c3\u00a9"), doc.select(ROOT));
        assertEquals(List.of("\u00c3\u00a9"), doc.select(ALL_ATTRIBUTES));
    }

    @Test
    void parseWhenUtf8ThenBytesPassThrough() throws Exception {
        assertEquals(List.of("\u00c3\u00a9\u00f0\u009f\u0098\u0080"), select("<a>\u00e9\ud83d\ude00</a>", "/*"));
    }

    @Test
    void parseWhenUtf16WithBomThenDecoded() throws Exception {
        byte[] body = "\ufeff<a>\u00e9</a>".getBytes(StandardCharsets.UTF_16BE);
        assertEquals(List.of("\u00c3\u00a9"), parser.parse(body).select(ROOT));
    }

    @Test
    void parseWhenAsciiOnlyThenValueStringsAreNotCopied() throws Exception {
        assertEquals("abc", parse("<a>abc</a>").text());
        String ascii = "plain";
        assertSame(ascii, ByteStrings.utf8(ascii));
    }

    @Test
    void parseWhenMalformedUtf8ThenError() {
        byte[] body = {'<', 'a', '>', (byte) 0xE9, '<', '/', 'a', '>'};
        BodyParseException e = assertThrows(BodyParseException.class, () -> parser.parse(body));
        assertTrue(e.getMessage().startsWith("XML parsing error: "), e.getMessage());
    }

    @Test
    void parseWhenXml11DeclarationThenAccepted() throws Exception {
        assertEquals(List.of("x"), select("<?xml version=\"1.1\" encoding=\"UTF-8\"?><r>x</r>", "/*"));
    }

    // ---- malformed -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "test", "<a>", "<a></b>", "<a x=1/>", "<a x='1' x='2'/>", "<a>&foo;</a>",
        "<a/><b/>", "text<a/>", "<a>\u0001</a>", "<!-- only a comment -->", "<a><b></a></b>", "<1a/>",
        "<a>]]></a>", "<a><!-- -- --></a>", "<?xml version=\"1.0\"?>", "<a x=\"<\"/>", "<a>&#0;</a>",
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\\\"http://schemas.xmlsoap.org/soap/envelope/\\\"/>"})
    void parseWhenMalformedThenBodyParseException(String xml) {
        BodyParseException e = error(xml);
        assertTrue(e.getMessage().startsWith("XML parsing error: "), e.getMessage());
        for (char c : e.getMessage().toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7F, "raw char in message: " + e.getMessage());
        }
    }

    @Test
    void parseWhenErrorThenMessageHasLineAndColumn() {
        BodyParseException e = error("<a>\n<b></c></a>");
        assertTrue(e.getMessage().contains("(line 2, column"), e.getMessage());
    }

    // ---- safety ----------------------------------------------------------------------------------------------

    @Test
    void parseWhenDoctypeThenRefused() {
        BodyParseException e = error("<!DOCTYPE a><a/>");
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void parseWhenBillionLaughsThenRefusedQuicklyWithoutExpansion() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            xml.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10));
            xml.append("\">");
        }
        xml.append("]><lolz>&lol9;</lolz>");
        BodyParseException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error(xml.toString()));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void parseWhenXxeFileSystemIdThenRefusedAndNotRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String uri = secret.toUri().toString();
        for (String xml : List.of(
                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"" + uri + "\">]><a>&x;</a>",
                "<!DOCTYPE a SYSTEM \"" + uri + "\"><a/>",
                "<!DOCTYPE a [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]><a/>")) {
            BodyParseException e = error(xml);
            assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
            assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        }
    }

    @Test
    void parseWhenXxeHttpSystemIdThenNoRequestIsMade() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] answer = "<!ENTITY leak \"LEAKED\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil";
            for (String xml : List.of(
                    "<!DOCTYPE a [<!ENTITY x SYSTEM \"" + url + "\">]><a>&x;</a>",
                    "<!DOCTYPE a SYSTEM \"" + url + "\"><a>&leak;</a>",
                    "<!DOCTYPE a [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]><a>&leak;</a>",
                    "<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + url + "\"/></a>")) {
                try {
                    XmlDocument doc = parse(xml);
                    // Only the XInclude case parses: the include is an ordinary element, not processed.
                    assertEquals("", doc.text());
                    assertEquals(List.of(url), doc.select(ALL_ATTRIBUTES));
                } catch (BodyParseException e) {
                    assertFalse(e.getMessage().contains("LEAKED"), e.getMessage());
                }
            }
            Thread.sleep(100);
            assertEquals(0, requests.get(), "the parser contacted the server");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void parseWhenDepthAtLimitThenAccepted() throws Exception {
        String xml = "<a>".repeat(256) + "x" + "</a>".repeat(256);
        assertEquals(List.of("x"), select(xml, "/*"));
    }

    @Test
    void parseWhenDepthBeyondLimitThenErrorNamingTheLimit() {
        BodyParseException e = error("<a>".repeat(257) + "</a>".repeat(257));
        assertTrue(e.getMessage().contains("depth limit exceeded (limit 256)"), e.getMessage());
        BodyParseException deep = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> error("<a>".repeat(1_000_000)));
        assertTrue(deep.getMessage().contains("limit 256"), deep.getMessage());
    }

    @Test
    void parseWhenNodeLimitExceededThenError() {
        XmlBodyParser small = new XmlBodyParser(10, 5);
        BodyParseException e = assertThrows(BodyParseException.class,
                () -> small.parse("<a><b/><b/><b x=\"1\"/><b/></a>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("node limit exceeded (limit 5)"), e.getMessage());
    }

    @Test
    void parseWhenManyElementsThenAllSelectable() throws Exception {
        String xml = "<r>" + "<i v=\"1\">t</i>".repeat(100_000) + "</r>";
        XmlDocument doc = parse(xml);
        assertEquals(100_001, doc.select(XPathLite.compile("//*")).size());
        assertEquals(100_000, doc.select(ALL_ATTRIBUTES).size());
        assertEquals(100_000, doc.text().length());
        assertEquals(300_001, doc.nodeCount());
    }

    @Test
    void parseWhenInputStreamFailsThenIOExceptionNotParseError() {
        InputStream failing = new InputStream() {
            private int calls;

            @Override
            public int read() throws IOException {
                if (calls++ < 3) {
                    return "<a>".charAt(calls - 1);
                }
                throw new IOException("connection reset");
            }
        };
        IOException e = assertThrows(IOException.class, () -> parser.parse(failing));
        assertEquals("connection reset", e.getMessage());
    }

    @Test
    void parseWhenSharedAcrossThreadsThenEveryParseIsIndependent() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        String expected = "t" + thread + "i" + i;
                        XmlDocument doc = parse("<a v=\"" + i + "\">" + expected + "</a>");
                        if (!doc.text().equals(expected) || !doc.select(ALL_ATTRIBUTES).equals(List.of("" + i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constructorWhenLimitsNotPositiveThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new XmlBodyParser(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new XmlBodyParser(10, 0));
    }

    // ---- robustness ------------------------------------------------------------------------------------------

    @Test
    void parseWhenRandomAndGarbledInputThenOnlyBodyParseException() {
        Random random = new Random(77L);
        String seed = "<?xml version=\"1.0\"?><a x=\"1\" y='&amp;'><b>t&lt;<![CDATA[c]]></b><!--k--><c/></a>";
        XmlBodyParser small = new XmlBodyParser(16, 1000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 5_000; round++) {
                byte[] input = round % 5 == 0 ? randomMarkup(random)
                        : JsonBodyParserTest.mutate(random, seed);
                try {
                    XmlDocument doc = small.parse(input);
                    doc.select(ROOT);
                    doc.select(ALL_ATTRIBUTES);
                } catch (BodyParseException expected) {
                    // malformed
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("unexpected " + e + " for "
                            + ByteStrings.escape(input, 0, input.length), e);
                }
            }
        });
    }

    private static byte[] randomMarkup(Random random) {
        String alphabet = "<>/=\"'&;!?[]-abc xml:CDATA";
        byte[] bytes = new byte[random.nextInt(80)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                    : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return bytes;
    }
}
