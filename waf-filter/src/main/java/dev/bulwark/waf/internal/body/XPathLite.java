package dev.bulwark.waf.internal.body;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A compiled XPath subset for {@code XML:<xpath>} selectors: absolute location paths of steps separated by {@code /}
 * (child) or {@code //} (descendant), where a step is an element name test ({@code name} or {@code *}) and the last step
 * may instead be an attribute test ({@code @name}, {@code @*}) or {@code text()}. No predicates, axes, functions or
 * namespace prefixes bound to URIs: names match the qualified name as written in the document.
 *
 * <p>Each selected node gives one value, as ModSecurity gives one per node of the libxml2 node-set: an element its
 * whole text (its XPath string value), an attribute its value, a text node its text; values come in document order
 * without duplicates.
 *
 * <p>Examples: {@code /*} (the root element: the text of the whole document), {@code //@*} (every attribute value),
 * {@code /soap:Envelope/soap:Body}, {@code //password}, {@code //@href}, {@code /a//b/text()}.
 *
 * <p>Immutable and thread-safe; compile once (at rule load) and evaluate per request.
 */
public final class XPathLite {

    private enum Kind { ELEMENT, ATTRIBUTE, TEXT }

    /** One location step; {@code name == null} matches any name. */
    private record Step(boolean descendant, Kind kind, String name) {}

    private final String expression;
    private final Step[] steps;

    private XPathLite(String expression, Step[] steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /**
     * Compiles an expression (a byte string, as written in the rule).
     *
     * @throws IllegalArgumentException when the expression is outside the supported subset; the message says why
     */
    public static XPathLite compile(String expression) {
        if (expression.isEmpty() || expression.charAt(0) != '/') {
            throw unsupported(expression, "it must be an absolute path starting with '/'");
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = expression.length();
        while (i < n) {
            boolean descendant = expression.startsWith("//", i);
            i += descendant ? 2 : 1;
            int stepEnd = expression.indexOf('/', i);
            if (stepEnd < 0) {
                stepEnd = n;
            }
            String token = expression.substring(i, stepEnd);
            if (token.isEmpty()) {
                throw unsupported(expression, "a step is missing");
            }
            Step step;
            if (token.equals("*")) {
                step = new Step(descendant, Kind.ELEMENT, null);
            } else if (token.equals("@*")) {
                step = new Step(descendant, Kind.ATTRIBUTE, null);
            } else if (token.equals("text()")) {
                step = new Step(descendant, Kind.TEXT, null);
            } else if (token.startsWith("@")) {
                step = new Step(descendant, Kind.ATTRIBUTE, checkedName(expression, token.substring(1)));
            } else {
                step = new Step(descendant, Kind.ELEMENT, checkedName(expression, token));
            }
            if (!steps.isEmpty() && steps.get(steps.size() - 1).kind != Kind.ELEMENT) {
                throw unsupported(expression, "only the last step may select attributes or text");
            }
            steps.add(step);
            i = stepEnd;
        }
        return new XPathLite(expression, steps.toArray(new Step[0]));
    }

    private static String checkedName(String expression, String name) {
        if (name.isEmpty()) {
            throw unsupported(expression, "a name is missing");
        }
        if (name.contains("::")) {
            throw unsupported(expression, "axes are not supported");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ':' || (c >= 0x80 && c <= 0xFF);
            if (!ok) {
                throw unsupported(expression, "'" + ByteStrings.escape(String.valueOf(c))
                        + "' is not supported in a name test (no predicates, axes or functions)");
            }
        }
        return name;
    }

    private static IllegalArgumentException unsupported(String expression, String why) {
        return new IllegalArgumentException("Unsupported XPath expression \"" + ByteStrings.escape(expression) + "\": "
                + why + ". Supported: /a/b, /*, //name, //*, //@*, //@name, /a/@x, /a/text()");
    }

    /** Values of the selected nodes, starting from the document node. */
    List<String> evaluate(XmlNode.Element documentNode) {
        List<XmlNode> context = List.of(documentNode);
        for (Step step : steps) {
            List<XmlNode> next = new ArrayList<>();
            for (XmlNode node : context) {
                if (node instanceof XmlNode.Element element) {
                    collect(element, step, next);
                }
            }
            if (context.size() > 1) {
                sortAndDeduplicate(next);
            }
            context = next;
            if (context.isEmpty()) {
                return List.of();
            }
        }
        List<String> values = new ArrayList<>(context.size());
        for (XmlNode node : context) {
            values.add(node.stringValue());
        }
        return values;
    }

    /** Adds, in document order, the nodes {@code step} selects from {@code context}. */
    private static void collect(XmlNode.Element context, Step step, List<XmlNode> out) {
        if (!step.descendant) {
            selectFrom(context, step, out);
            return;
        }
        // descendant-or-self::node()/step, walked in document order (pre-order) without recursion.
        ArrayDeque<XmlNode> pending = new ArrayDeque<>();
        pending.push(context);
        while (!pending.isEmpty()) {
            XmlNode node = pending.pop();
            if (node instanceof XmlNode.Text) {
                // Only text steps push text nodes; a text node's parent is a context, so it is selected.
                out.add(node);
                continue;
            }
            XmlNode.Element element = (XmlNode.Element) node;
            if (step.kind == Kind.ELEMENT) {
                // The context itself is not its own child; every element below it is a child of some context.
                if (element != context && matches(step.name, element.name)) {
                    out.add(element);
                }
            } else if (step.kind == Kind.ATTRIBUTE) {
                selectFrom(element, step, out);
            }
            XmlNode[] kids = element.children;
            for (int i = kids.length - 1; i >= 0; i--) {
                XmlNode kid = kids[i];
                if (kid instanceof XmlNode.Element || step.kind == Kind.TEXT) {
                    pending.push(kid);
                }
            }
        }
    }

    /** The step's nodes on the child or attribute axis of one element. */
    private static void selectFrom(XmlNode.Element element, Step step, List<XmlNode> out) {
        switch (step.kind) {
            case ELEMENT -> {
                for (XmlNode child : element.children) {
                    if (child instanceof XmlNode.Element e && matches(step.name, e.name)) {
                        out.add(e);
                    }
                }
            }
            case ATTRIBUTE -> {
                for (XmlNode.Attribute attribute : element.attributes) {
                    if (matches(step.name, attribute.name)) {
                        out.add(attribute);
                    }
                }
            }
            case TEXT -> {
                for (XmlNode child : element.children) {
                    if (child instanceof XmlNode.Text) {
                        out.add(child);
                    }
                }
            }
        }
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static void sortAndDeduplicate(List<XmlNode> nodes) {
        nodes.sort(Comparator.comparingInt(node -> node.order));
        int kept = 0;
        XmlNode previous = null;
        for (XmlNode node : nodes) {
            if (node != previous) {
                nodes.set(kept++, node);
                previous = node;
            }
        }
        nodes.subList(kept, nodes.size()).clear();
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return expression;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XPathLite that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }
}
