package dev.bulwark.waf.internal.body;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

/**
 * The XML request body processor ({@code ctl:requestBodyProcessor=XML}): parses the body into an {@link XmlDocument}
 * for the {@code XML:<xpath>} variables, or fails with a {@link BodyParseException} (REQBODY_ERROR).
 *
 * <p>Safe by construction. It uses the JDK's own SAX parser ({@link SAXParserFactory#newDefaultInstance()}, never an
 * implementation found on the web application's class path) configured as follows:
 * <ul>
 *   <li>{@code http://apache.org/xml/features/disallow-doctype-decl = true}: any {@code <!DOCTYPE} is a fatal error,
 *       so no DTD is read, no entity can be declared, and neither entity expansion ("billion laughs") nor external
 *       entities (XXE with {@code file:} or {@code http:} system ids) can happen;</li>
 *   <li>{@code external-general-entities} and {@code external-parameter-entities = false},
 *       {@code nonvalidating/load-external-dtd = false}, {@link XMLConstants#ACCESS_EXTERNAL_DTD} and
 *       {@link XMLConstants#ACCESS_EXTERNAL_SCHEMA} empty, and an entity resolver that refuses everything: defence in
 *       depth, should the first barrier ever be lifted;</li>
 *   <li>{@link XMLConstants#FEATURE_SECURE_PROCESSING} on (the JDK's entity and size limits), no XInclude, no
 *       validation;</li>
 *   <li>element nesting deeper than {@code maxDepth} (default 256, libxml2's own default limit) and more than
 *       {@code maxNodes} tree nodes are errors.</li>
 * </ul>
 * The parser is not namespace-aware, like libxml2's tolerance of unbound prefixes: names keep their prefix as
 * written, and namespace declarations ({@code xmlns}, {@code xmlns:*}) are not attributes, as in the libxml2 tree.
 *
 * <p>Character data: the document is decoded as its BOM or XML declaration says (UTF-8 by default; malformed bytes are
 * an error, as in libxml2) and every name and value is handed out as the byte string of its UTF-8 encoding, which is
 * what libxml2 gives ModSecurity. Text outside the root element is ignored; whitespace between elements is kept.
 *
 * <p>Unlike ModSecurity, which may still evaluate XPath on the partial tree of a malformed document, a document with an
 * error yields no tree at all.
 *
 * <p>Example: {@code <a x="1"><b>hi</b> there</a>} gives {@code XML:/*} = {@code "hi there"} and
 * {@code XML://@*} = {@code "1"}.
 *
 * <p>Immutable and thread-safe: the configured factory is shared, each call gets its own SAX parser.
 */
public final class XmlBodyParser {

    /** libxml2's default maximum element depth. */
    public static final int DEFAULT_MAX_DEPTH = 256;

    /** Default ceiling on element + attribute + text nodes: a guard on memory, far above real request bodies. */
    public static final int DEFAULT_MAX_NODES = 1_000_000;

    private static final int MAX_MESSAGE = 200;

    private final int maxDepth;
    private final int maxNodes;
    /** Configured once; SAXParserFactory is not documented thread-safe, so parser creation is synchronized on it. */
    private final SAXParserFactory factory;

    public XmlBodyParser() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES);
    }

    public XmlBodyParser(int maxDepth, int maxNodes) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1, was " + maxDepth);
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be >= 1, was " + maxNodes);
        }
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
        this.factory = secureFactory();
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxNodes() {
        return maxNodes;
    }

    public XmlDocument parse(byte[] body) throws BodyParseException {
        return parse(body, 0, body.length);
    }

    public XmlDocument parse(byte[] body, int offset, int length) throws BodyParseException {
        try {
            return parse(new ByteArrayInputStream(body, offset, length));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    /**
     * Parses a body read from {@code in} (not closed here).
     *
     * @throws IOException only when reading {@code in} itself fails
     */
    public XmlDocument parse(InputStream in) throws BodyParseException, IOException {
        TreeBuilder builder = new TreeBuilder();
        XMLReader reader = newReader(builder);
        TrackingInputStream source = new TrackingInputStream(in);
        try {
            reader.parse(new InputSource(source));
        } catch (LimitExceeded e) {
            throw new BodyParseException("XML parsing error: " + e.getMessage(), -1);
        } catch (SAXParseException e) {
            throw new BodyParseException("XML parsing error: " + describe(e), -1, e);
        } catch (SAXException e) {
            throw new BodyParseException("XML parsing error: " + clean(e.getMessage()), -1, e);
        } catch (IOException e) {
            if (source.failure != null) {
                throw source.failure;
            }
            // The stream was fine: decoding problems (malformed UTF-8, unknown encoding) arrive as IOExceptions too.
            throw new BodyParseException("XML parsing error: " + clean(e.getMessage()), -1, e);
        }
        return builder.document();
    }

    private static SAXParserFactory secureFactory() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            // The JDK's built-in parser supports all of these; failing here means a broken runtime, not bad input.
            throw new IllegalStateException("the JDK XML parser rejected the secure configuration", e);
        }
    }

    private XMLReader newReader(TreeBuilder handler) {
        try {
            SAXParser parser;
            synchronized (factory) {
                parser = factory.newSAXParser();
            }
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            XMLReader reader = parser.getXMLReader();
            reader.setContentHandler(handler);
            reader.setErrorHandler(handler);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser rejected the secure configuration", e);
        }
    }

    private static String describe(SAXParseException e) {
        String where = e.getLineNumber() > 0
                ? " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")"
                : "";
        return clean(e.getMessage()) + where;
    }

    /** A parser message made safe for logs: printable ASCII only, capped. */
    private static String clean(String message) {
        if (message == null) {
            return "malformed document";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE) + 4);
        for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE; i++) {
            char c = message.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c);
            } else if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (out.length() >= MAX_MESSAGE) {
            out.append("...");
        }
        return out.toString();
    }

    /** Remembers a failure of the caller's stream, to tell it apart from decoding errors reported as IOException. */
    private static final class TrackingInputStream extends FilterInputStream {
        IOException failure;

        TrackingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }

    /** Thrown from the handler when a configured limit is exceeded; not a parse error of the document itself. */
    private static final class LimitExceeded extends SAXException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    /** Builds the tree from SAX events; one per parse. */
    private final class TreeBuilder extends DefaultHandler2 implements ErrorHandler {

        private final List<Frame> stack = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private XmlNode.Element root;
        private int nextOrder;
        private int nodes;

        /** An open element: its order, name, attributes and the children seen so far. */
        private final class Frame {
            final int order;
            final String name;
            final XmlNode.Attribute[] attributes;
            final List<XmlNode> children = new ArrayList<>();

            Frame(int order, String name, XmlNode.Attribute[] attributes) {
                this.order = order;
                this.name = name;
                this.attributes = attributes;
            }
        }

        XmlDocument document() {
            return new XmlDocument(root, nodes);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            flushText();
            if (stack.size() >= maxDepth) {
                throw new LimitExceeded("element depth limit exceeded (limit " + maxDepth + ")");
            }
            count();
            int order = nextOrder++;
            List<XmlNode.Attribute> attributes = new ArrayList<>(atts.getLength());
            for (int i = 0; i < atts.getLength(); i++) {
                String name = atts.getQName(i);
                if (name.equals("xmlns") || name.startsWith("xmlns:")) {
                    continue; // a namespace declaration, not an attribute node
                }
                count();
                attributes.add(new XmlNode.Attribute(nextOrder++, ByteStrings.utf8(name),
                        ByteStrings.utf8(atts.getValue(i))));
            }
            stack.add(new Frame(order, ByteStrings.utf8(qName), attributes.toArray(new XmlNode.Attribute[0])));
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            flushText();
            Frame frame = stack.remove(stack.size() - 1);
            XmlNode.Element element = new XmlNode.Element(frame.order, frame.name, frame.attributes,
                    frame.children.toArray(new XmlNode[0]));
            if (stack.isEmpty()) {
                root = element;
            } else {
                stack.get(stack.size() - 1).children.add(element);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!stack.isEmpty()) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        @Override
        public void comment(char[] ch, int start, int length) throws SAXException {
            flushText(); // a comment separates text nodes
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            flushText();
        }

        private void flushText() throws SAXException {
            if (text.length() == 0) {
                return;
            }
            count();
            stack.get(stack.size() - 1).children.add(new XmlNode.Text(nextOrder++, ByteStrings.utf8(text.toString())));
            text.setLength(0);
        }

        private void count() throws SAXException {
            if (++nodes > maxNodes) {
                throw new LimitExceeded("node limit exceeded (limit " + maxNodes + ")");
            }
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId)
                throws SAXException {
            throw new SAXException("external entities are refused");
        }

        @Override
        public void warning(SAXParseException e) {
            // Warnings do not affect well-formedness.
        }

        @Override
        public void error(SAXParseException e) {
            // Recoverable (validity) errors: the parser does not validate, and libxml2 would not fail on them either.
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
