package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.internal.text.Ascii;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} data (query strings and form bodies) into servlet parameters:
 * pairs split on {@code &}, {@code +} is a space, {@code %HH} a byte, and the bytes decoded with the request's
 * character encoding. A malformed escape is kept as written, as containers do.
 */
final class FormParameters {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Charset charset;
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(64);

    FormParameters(Charset charset) {
        this.charset = charset;
    }

    /** Adds the pairs in {@code data[from, to)} (raw bytes). */
    FormParameters add(byte[] data, int from, int to) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || data[i] == '&') {
                if (i > start) {
                    addPair(data, start, i);
                }
                start = i + 1;
            }
        }
        return this;
    }

    /** Adds one decoded value (a multipart form field). */
    FormParameters addValue(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        return this;
    }

    /** The parameters, in first-seen order, each with its values in order; unmodifiable. */
    Map<String, String[]> toMap() {
        Map<String, String[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.toArray(new String[0])));
        return Collections.unmodifiableMap(m);
    }

    private void addPair(byte[] data, int from, int to) {
        int eq = from;
        while (eq < to && data[eq] != '=') {
            eq++;
        }
        String name = decode(data, from, eq);
        String value = eq < to ? decode(data, eq + 1, to) : "";
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    private String decode(byte[] data, int from, int to) {
        scratch.reset();
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '+') {
                scratch.write(' ');
            } else if (b == '%' && hex(data, i + 1, to) >= 0 && hex(data, i + 2, to) >= 0) {
                scratch.write(hex(data, i + 1, to) << 4 | hex(data, i + 2, to));
                i += 2;
            } else {
                scratch.write(b);
            }
        }
        return scratch.toString(charset);
    }

    private static int hex(byte[] data, int i, int to) {
        return i < to ? Ascii.hexValue(data[i]) : -1;
    }
}
