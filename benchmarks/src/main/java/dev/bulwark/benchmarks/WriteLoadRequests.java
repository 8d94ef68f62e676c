package dev.bulwark.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the request shapes of the JMH benchmarks as wrk Lua scripts (one per shape, bodies in files beside them),
 * so {@code load.sh} drives the demo with exactly the requests the engine benchmarks measure.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.bulwark.benchmarks.WriteLoadRequests DIR}
 */
public final class WriteLoadRequests {

    private WriteLoadRequests() {}

    /** The demo endpoint each shape is sent to (all exist in the demo and accept the shape). */
    static String path(Requests r) {
        return switch (r) {
            case GET, MINIMAL -> "/";
            case FORM_1K, FORM_64K, SQLI -> "/post";
            case JSON_4K -> "/api/echo";
            case UPLOAD_1M -> "/upload";
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WriteLoadRequests DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Requests r : Requests.values()) {
            String name = r.name().toLowerCase(java.util.Locale.ROOT);
            StringBuilder lua = new StringBuilder();
            lua.append("-- ").append(r.name()).append(": written by WriteLoadRequests\n");
            lua.append("wrk.method = \"").append(r.method).append("\"\n");
            // the demo serves "/" (not the catalogue path): keep the GET's query string on it
            String target = r == Requests.GET ? "/" + r.target.substring(r.target.indexOf('?')) : path(r);
            lua.append("wrk.path = \"").append(target).append("\"\n");
            for (String[] h : r.headers()) {
                if (!h[0].equals("Host") && !h[0].equals("Connection")) {
                    lua.append("wrk.headers[\"").append(h[0]).append("\"] = \"").append(luaEscape(h[1]))
                            .append("\"\n");
                }
            }
            if (r.body != null) {
                Path body = dir.resolve(name + ".body");
                Files.write(body, r.body);
                lua.append("wrk.headers[\"Content-Type\"] = \"").append(luaEscape(r.contentType)).append("\"\n");
                lua.append("local f = assert(io.open(\"").append(luaEscape(body.toAbsolutePath().toString()))
                        .append("\", \"rb\"))\nwrk.body = f:read(\"*all\")\nf:close()\n");
            }
            Files.writeString(dir.resolve(name + ".lua"), lua, StandardCharsets.UTF_8);
        }
    }

    private static String luaEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
