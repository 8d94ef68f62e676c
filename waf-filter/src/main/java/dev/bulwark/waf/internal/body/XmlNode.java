package dev.bulwark.waf.internal.body;

import java.util.ArrayDeque;

/**
 * A node of the parsed XML tree: an element, an attribute or a run of character data. Names and text are byte strings
 * (the UTF-8 bytes of the document's characters, as libxml2 hands them to ModSecurity). {@link #order} is the node's
 * position in document order (an element precedes its attributes, which precede its children). Immutable.
 */
abstract sealed class XmlNode permits XmlNode.Element, XmlNode.Attribute, XmlNode.Text {

    private static final XmlNode[] NONE = new XmlNode[0];

    final int order;

    private XmlNode(int order) {
        this.order = order;
    }

    /** The XPath string value: the text of an element's whole subtree, an attribute's value, a text node's text. */
    abstract String stringValue();

    /** An element; the synthetic document node is an element without a name whose only child is the root. */
    static final class Element extends XmlNode {
        final String name;
        final Attribute[] attributes;
        final XmlNode[] children;

        Element(int order, String name, Attribute[] attributes, XmlNode[] children) {
            super(order);
            this.name = name;
            this.attributes = attributes.length == 0 ? Attribute.NONE : attributes;
            this.children = children.length == 0 ? NONE : children;
        }

        @Override
        String stringValue() {
            // Iterative walk: the tree may be as deep as the parser's depth limit allows.
            StringBuilder out = null;
            String single = null;
            ArrayDeque<XmlNode> pending = new ArrayDeque<>();
            pushChildren(pending, this);
            while (!pending.isEmpty()) {
                XmlNode node = pending.pop();
                if (node instanceof Text text) {
                    if (single == null && out == null) {
                        single = text.text;
                    } else {
                        if (out == null) {
                            out = new StringBuilder(single);
                        }
                        out.append(text.text);
                    }
                } else if (node instanceof Element element) {
                    pushChildren(pending, element);
                }
            }
            if (out != null) {
                return out.toString();
            }
            return single == null ? "" : single;
        }

        private static void pushChildren(ArrayDeque<XmlNode> stack, Element element) {
            XmlNode[] kids = element.children;
            for (int i = kids.length - 1; i >= 0; i--) {
                stack.push(kids[i]);
            }
        }
    }

    static final class Attribute extends XmlNode {
        static final Attribute[] NONE = new Attribute[0];

        final String name;
        final String value;

        Attribute(int order, String name, String value) {
            super(order);
            this.name = name;
            this.value = value;
        }

        @Override
        String stringValue() {
            return value;
        }
    }

    /** Adjacent character data (text, entity and character references, CDATA sections) merged into one node. */
    static final class Text extends XmlNode {
        final String text;

        Text(int order, String text) {
            super(order);
            this.text = text;
        }

        @Override
        String stringValue() {
            return text;
        }
    }
}
