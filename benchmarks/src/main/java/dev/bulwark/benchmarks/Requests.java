package dev.bulwark.benchmarks;

import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The request shapes the benchmarks send through a whole inspection (request line, headers, body, phases 1, 2 and
 * 5): each is built once, and {@link #inspect} replays it into a fresh transaction.
 */
enum Requests {

    /** A browser GET with realistic headers and six cookies. */
    GET("GET", "/catalogue/shoes?colour=blue&size=42&sort=price-asc&q=running+shoes+O%27Neill", null, null),
    /** {@code GET /} with a Host header and nothing else: what every request costs, whatever it carries. */
    MINIMAL("GET", "/", null, null),
    /** A 1 KB urlencoded form of ordinary values. */
    FORM_1K("POST", "/checkout/address", "application/x-www-form-urlencoded", Bodies.form(1024)),
    /** A 4 KB JSON document with nested objects and arrays. */
    JSON_4K("POST", "/api/orders", "application/json", Bodies.json(4096)),
    /** A 64 KB urlencoded form (a long free-text field). */
    FORM_64K("POST", "/support/ticket", "application/x-www-form-urlencoded", Bodies.form(65536)),
    /** A form with an SQL injection in one field. */
    SQLI("POST", "/login", "application/x-www-form-urlencoded",
            "user=admin&password=x%27+UNION+SELECT+username%2C+password+FROM+users--+&remember=on"
                    .getBytes(StandardCharsets.ISO_8859_1)),
    /** A multipart upload of a 1 MB file plus two fields. */
    UPLOAD_1M("POST", "/upload", "multipart/form-data; boundary=----BulwarkBench7MA4YWxkTrZu0gW",
            Bodies.multipart("----BulwarkBench7MA4YWxkTrZu0gW", 1 << 20));

    static final String[][] BROWSER_HEADERS = {
        {"Host", "shop.example.com"},
        {"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Safari/537.36"},
        {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"},
        {"Accept-Language", "en-GB,en;q=0.9,fr;q=0.8"},
        {"Accept-Encoding", "gzip, deflate, br"},
        {"Referer", "https://shop.example.com/catalogue/shoes?colour=blue&size=42&sort=price-asc"},
        {"Cookie", "session=9f86d081884c7d659a2feaa0c55ad015; cart=3-items; theme=dark; consent=analytics%3Dno; "
                + "_ga=GA1.2.1234567890.1700000000; last_seen=2024-06-01T10%3A15%3A00Z"},
        {"Sec-Fetch-Dest", "document"},
        {"Sec-Fetch-Mode", "navigate"},
        {"Upgrade-Insecure-Requests", "1"},
        {"Connection", "keep-alive"},
    };

    final String method;
    final String target;
    final String contentType;
    final byte[] body;

    Requests(String method, String target, String contentType, byte[] body) {
        this.method = method;
        this.target = target;
        this.contentType = contentType;
        this.body = body;
    }

    /** The headers the shape sends: a browser's, or for {@link #MINIMAL} only Host. */
    String[][] headers() {
        return this == MINIMAL ? new String[][] {BROWSER_HEADERS[0]} : BROWSER_HEADERS;
    }

    /** Whether the shape is an attack (it must be blocked) rather than ordinary traffic (it must pass). */
    boolean isAttack() {
        return this == SQLI;
    }

    /** Runs the whole inspection of this request in {@code tx} and returns the final verdict. */
    Verdict inspect(Transaction tx) {
        tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
        tx.requestLine(method, target, "HTTP/1.1");
        for (String[] h : headers()) {
            tx.requestHeader(h[0], h[1]);
        }
        if (body != null) {
            tx.requestHeader("Content-Type", contentType);
            tx.requestHeader("Content-Length", Integer.toString(body.length));
        }
        Verdict v = tx.processRequestHeaders();
        if (!v.isInterrupted()) {
            if (body != null) {
                tx.requestBody(body);
            }
            tx.processRequestBody();
        }
        tx.processLogging();
        return tx.verdict();
    }

    /** Request bodies of a given size, made of ordinary text (deterministic). */
    static final class Bodies {

        private Bodies() {}

        /** A realistic urlencoded form of exactly {@code size} bytes. */
        static byte[] form(int size) {
            StringBuilder b = new StringBuilder("name=Miles+O%27Brien&email=miles.obrien%40example.com"
                    + "&address=23+Station+Road%2C+Deep+Space+Nine&phone=%2B44+20+7946+0000&product=42"
                    + "&quantity=2&price=19.99&coupon=SUMMER-2024&newsletter=on&comment=");
            String words = "Please+drop+us+a+line+when+the+order+ships%3B+we+are+away+on+the+12th.+";
            while (b.length() < size) {
                b.append(words);
            }
            b.setLength(size);
            int pct = b.lastIndexOf("%");
            if (pct >= size - 2) {
                b.replace(pct, size, "x".repeat(size - pct));
            }
            return b.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /** A JSON order with line items, about {@code size} bytes. */
        static byte[] json(int size) {
            StringBuilder b = new StringBuilder("{\"customer\":{\"name\":\"Miles O'Brien\",\"email\":"
                    + "\"miles.obrien@example.com\",\"address\":{\"street\":\"23 Station Road\",\"city\":\"Bristol\","
                    + "\"postcode\":\"BS1 4DJ\"}},\"items\":[");
            int i = 0;
            while (b.length() < size - 60) {
                if (i > 0) {
                    b.append(',');
                }
                b.append("{\"sku\":\"SKU-").append(1000 + i).append("\",\"name\":\"Running shoe size ")
                        .append(38 + i % 8).append("\",\"qty\":").append(1 + i % 3).append(",\"price\":")
                        .append(59 + i).append(".99,\"tags\":[\"sport\",\"outdoor\"]}");
                i++;
            }
            b.append("],\"note\":\"Leave at the door, please.\"}");
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** A multipart body: two fields and one file of {@code fileSize} pseudo-random bytes. */
        static byte[] multipart(String boundary, int fileSize) {
            byte[] file = new byte[fileSize];
            new Random(42).nextBytes(file);
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                    + "Quarterly report\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"visibility\""
                    + "\r\n\r\nteam\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"report.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
            String tail = "\r\n--" + boundary + "--\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[h.length + file.length + t.length];
            System.arraycopy(h, 0, out, 0, h.length);
            System.arraycopy(file, 0, out, h.length, file.length);
            System.arraycopy(t, 0, out, h.length + file.length, t.length);
            return out;
        }
    }
}
