package dev.bulwark.waf.portability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The request mix of the concurrency stress test, the same for a given seed: GET query strings, urlencoded and JSON
 * bodies, User-Agent and Referer headers and cookies, each carrying an attack or a benign value (a good share of the
 * benign ones look like attacks: "select a product", "O'Brien", "union station"). Most requests carry a {@code mark}
 * query parameter of their own that a rule copies into a TX variable and another rule logs; the others must never
 * log one.
 */
public final class StressRequests {

    /** One request of the mix: its key, the mark it carries (or null), whether its value is an attack. */
    public record StressRequest(String key, RawRequest request, String mark, boolean attack, String kind) {}

    static final List<String> ATTACKS = List.of(
            "1 union select password from users",
            "1 UNION/**/SELECT 2,3",
            "x' or 'a'='a",
            "1 or 1=1",
            "7; drop table users",
            "admin'--",
            "<script>alert(1)</script>",
            "javascript:alert(document.cookie)",
            "<img src=x onerror=alert(1)>",
            "<iframe src=//evil.example>",
            "../../../etc/passwd",
            "..\\..\\windows\\win.ini");

    static final List<String> BENIGN = List.of(
            "weather today",
            "O'Brien",
            "select a product",
            "union station",
            "drop us a line",
            "1 or 2 items",
            "script writer",
            "java developer",
            "a < b and c > d",
            "wait.../no",
            "50% off & free shipping",
            "caf\u00e9 cr\u00e8me",
            "select * from the menu",
            "on sale now");

    private static final String[] KINDS = {"query", "form", "json", "user-agent", "referer", "cookie", "query-name"};

    private StressRequests() {}

    /** {@code n} requests with keys {@code prefix0}, {@code prefix1}...; about 40% carry an attack. */
    public static List<StressRequest> generate(int n, long seed, String prefix) {
        List<StressRequest> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(one(prefix + i, new Random(seed * 1_000_003L + i)));
        }
        return all;
    }

    private static StressRequest one(String key, Random r) {
        boolean attack = r.nextInt(100) < 40;
        String kind = KINDS[r.nextInt(KINDS.length)];
        String value = pick(attack ? ATTACKS : BENIGN, r);
        String mark = r.nextInt(100) < 80 ? mark(r) : null;
        String query = "page=" + r.nextInt(100) + (mark == null ? "" : "&mark=" + mark);
        RawRequest req = switch (kind) {
            case "query" -> RawRequest.get("/params?q=" + url(value) + "&" + query);
            case "query-name" -> RawRequest.get("/params?" + url(value) + "=1&" + query);
            case "form" -> RawRequest.post("/params?" + query, "application/x-www-form-urlencoded",
                    "name=" + url(pick(BENIGN, r)) + "&comment=" + url(value) + "&n=" + r.nextInt(1000));
            case "json" -> RawRequest.post("/echo?" + query, "application/json",
                    "{\"user\":{\"name\":\"" + json(pick(BENIGN, r)) + "\",\"notes\":[\"" + json(value) + "\",42]}}");
            case "user-agent" -> RawRequest.get("/?" + query).header("User-Agent", "Mozilla/5.0 " + ascii(value));
            case "referer" -> RawRequest.get("/?" + query)
                    .header("Referer", "http://shop.example/search?q=" + url(value));
            case "cookie" -> RawRequest.get("/?" + query)
                    .header("Cookie", "theme=dark; prefs=" + url(value) + "; lang=en");
            default -> throw new IllegalStateException(kind);
        };
        return new StressRequest(key, req.key(key), mark, attack, kind);
    }

    private static String pick(List<String> values, Random r) {
        return values.get(r.nextInt(values.size()));
    }

    private static String mark(Random r) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Header values are bytes: non-ASCII text goes as its UTF-8 bytes, one char each. */
    private static String ascii(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
