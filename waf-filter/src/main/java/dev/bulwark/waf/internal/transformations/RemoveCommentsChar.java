package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:removeCommentsChar}: deletes the comment markers {@code /*}, {@code *}{@code /}, {@code <!--},
 * {@code -->}, {@code --} and {@code #} wherever they occur, keeping the text between them.
 *
 * <p>Example: {@code "SELECT/*x*}{@code /1#"} becomes {@code "SELECTx1"}.
 */
final class RemoveCommentsChar implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("/*<-#");

    /** Longer markers before their prefixes ({@code -->} before {@code --}). */
    private static final String[] MARKERS = {"/*", "*/", "<!--", "-->", "--", "#"};

    @Override
    public String name() {
        return "removeCommentsChar";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        StringBuilder out = null;
        int i = 0;
        while (i < n) {
            int marker = markerLength(value, i);
            if (marker == 0) {
                if (out != null) {
                    out.append(value.charAt(i));
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
                out.append(value, 0, i);
            }
            i += marker;
        }
        return out == null ? value : out.toString();
    }

    /** Length of the comment marker starting at {@code i}, 0 when there is none (longest marker first). */
    private static int markerLength(String s, int i) {
        char c = s.charAt(i);
        if (c != '/' && c != '*' && c != '<' && c != '-' && c != '#') {
            return 0; // no marker starts here: the common case, decided without a look at the markers
        }
        for (String marker : MARKERS) {
            if (s.startsWith(marker, i)) {
                return marker.length();
            }
        }
        return 0;
    }
}
