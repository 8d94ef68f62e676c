package dev.bulwark.waf.internal.body;

import java.util.List;

/**
 * A parsed XML request body, the value behind the {@code XML} collection. {@code XML:<xpath>} is evaluated with
 * {@link #select(XPathLite)}; {@code XML} without a selector gives ModSecurity's placeholder {@link #TREE_PLACEHOLDER}.
 * Immutable and thread-safe.
 */
public final class XmlDocument {

    /** What ModSecurity returns for the bare {@code XML} variable (meant for tree-consuming operators). */
    public static final String TREE_PLACEHOLDER = "[XML document tree]";

    private final XmlNode.Element documentNode;
    private final int nodeCount;

    XmlDocument(XmlNode.Element root, int nodeCount) {
        this.documentNode = new XmlNode.Element(-1, null, new XmlNode.Attribute[0], new XmlNode[] {root});
        this.nodeCount = nodeCount;
    }

    /** Values of the nodes the expression selects, in document order (byte strings). */
    public List<String> select(XPathLite expression) {
        return expression.evaluate(documentNode);
    }

    /** {@code XML:/*}: the text of the whole document (all character data inside the root element, concatenated). */
    public String text() {
        return documentNode.children[0].stringValue();
    }

    /** The root element's name as a byte string. */
    public String rootName() {
        return ((XmlNode.Element) documentNode.children[0]).name;
    }

    /** Number of element, attribute and text nodes in the tree. */
    public int nodeCount() {
        return nodeCount;
    }

    XmlNode.Element documentNode() {
        return documentNode;
    }
}
