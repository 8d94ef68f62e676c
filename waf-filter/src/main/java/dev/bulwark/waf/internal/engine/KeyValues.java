package dev.bulwark.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

/** An ordered list of key/value pairs with repeated keys allowed (arguments, headers, cookies). Not thread-safe. */
final class KeyValues {

    private final List<String> keys = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    void add(String key, String value) {
        keys.add(key);
        values.add(value);
    }

    int size() {
        return keys.size();
    }

    String key(int i) {
        return keys.get(i);
    }

    String value(int i) {
        return values.get(i);
    }

    /** The first value of {@code key} (case-insensitive), or null. */
    String first(String key) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equalsIgnoreCase(key)) {
                return values.get(i);
            }
        }
        return null;
    }

    void clear() {
        keys.clear();
        values.clear();
    }
}
