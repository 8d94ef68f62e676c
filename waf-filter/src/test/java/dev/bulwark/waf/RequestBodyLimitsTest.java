package dev.bulwark.waf;

import static dev.bulwark.waf.WafFilterTest.post;
import static dev.bulwark.waf.WafFilterTest.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.WafFilterTest.Reply;
import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request body limits through the filter, in a real Jetty: {@code SecRequestBodyLimit},
 * {@code SecRequestBodyNoFilesLimit} (Reject and ProcessPartial), {@code SecRequestBodyInMemoryLimit} (spooling to an
 * owner-only temporary file in {@code SecTmpDir}, deleted at the end of every request however it ends),
 * {@code SecArgumentsLimit} and {@code SecRequestBodyJsonDepthLimit}.
 */
class RequestBodyLimitsTest {

    static final String RULES = """
            SecRequestBodyNoFilesLimit 2000
            SecRequestBodyInMemoryLimit 1000
            SecRule ARGS "@rx attack" "id:1001,phase:2,deny,log,msg:'attack'"
            SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
                "id:1002,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"
            SecRule REQBODY_ERROR "@eq 1" "id:1003,phase:2,deny,status:400,log,logdata:'%{REQBODY_ERROR_MSG}'"
            SecRule FILES_SIZES "@gt 0" "id:1004,phase:2,pass,log"
            """;

    @TempDir
    static Path spool;
    static WafServer server;

    @BeforeAll
    static void start() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RULES, "limits.conf"))
                .temporaryDirectory(spool).build());
        server = new WafServer(new WafFilter(rules), Map.of(), Map.of("/spool", new SpoolWatchServlet(),
                "/boom", new FailingServlet(), "/async", new AsyncEchoServlet()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void noTemporaryFileLeftBehind() throws Exception {
        assertEquals(List.of(), filesIn(spool), "spooled bodies must be deleted when their request ends");
    }

    /** The spool folder's files, waiting up to 5 s for them to go (the filter deletes after the response). */
    static List<String> filesIn(Path dir) throws Exception {
        List<String> names = List.of();
        for (int i = 0; i < 500; i++) {
            try (Stream<Path> files = Files.list(dir)) {
                names = files.map(p -> p.getFileName().toString()).toList();
            }
            if (names.isEmpty()) {
                return names;
            }
            Thread.sleep(10);
        }
        return names;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String multipart(String boundary, Object... namesAndContents) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            String name = (String) namesAndContents[i];
            String content = (String) namesAndContents[i + 1];
            b.append("--").append(boundary).append("\r\n");
            if (name.contains("/")) {
                String[] nf = name.split("/", 2);
                b.append("Content-Disposition: form-data; name=\"").append(nf[0]).append("\"; filename=\"")
                        .append(nf[1]).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            } else {
                b.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n");
            }
            b.append(content).append("\r\n");
        }
        return b.append("--").append(boundary).append("--\r\n").toString();
    }

    // ---- SecRequestBodyNoFilesLimit ----

    @Test
    void noFilesLimitWhenFormOverItThen413AndLogged() throws Exception {
        String exact = "a=" + "x".repeat(1998);
        Reply ok = post(server, "/params", "application/x-www-form-urlencoded", bytes(exact));
        assertEquals(200, ok.status());
        assertEquals("a=" + "x".repeat(1998) + "\n", ok.text());

        Reply over = post(server, "/params", "application/x-www-form-urlencoded", bytes(exact + "y"));
        assertEquals(413, over.status());
        assertTrue(over.text().contains(over.incident()), over.text());
        assertEquals("close", over.response().headers().firstValue("Connection").orElse(null));
        assertEquals(1, over.lines().size(), over.lines().toString());
        assertTrue(over.lines().get(0).startsWith("ModSecurity: Request body no files data length is larger than"
                + " the configured limit (2000). "), over.lines().get(0));
    }

    @Test
    void noFilesLimitWhenJsonOverItThen413() throws Exception {
        String json = "{\"a\":\"" + "x".repeat(3000) + "\"}";
        Reply r = post(server, "/echo", "application/json", bytes(json));
        assertEquals(413, r.status());
        assertTrue(r.lines().get(0).contains("no files data length"), r.lines().toString());
    }

    @Test
    void noFilesLimitWhenMultipartFilesAreLargeThenOnlyFieldsCountAndAppGetsEverything() throws Exception {
        String file = new String(random(50_000, 1), StandardCharsets.ISO_8859_1).replace("--b", "--c");
        String body = multipart("b", "title", "holiday", "doc/a.bin", file, "doc2/b.bin", file.substring(7));
        Reply r = post(server, "/spool", "multipart/form-data; boundary=b", bytes(body));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().startsWith("bytes=" + bytes(body).length + " "), r.text());
        assertEquals(2, r.lines().stream().filter(l -> l.contains("[id \"1004\"]")).count(), r.lines().toString());
    }

    @Test
    void noFilesLimitWhenMultipartFieldsOverItThen413() throws Exception {
        String body = multipart("b", "title", "t".repeat(1500), "note", "n".repeat(600), "doc/a.bin", "x");
        Reply r = post(server, "/spool", "multipart/form-data; boundary=b", bytes(body));
        assertEquals(413, r.status());
        assertTrue(r.lines().get(0).contains("no files data length is larger than the configured limit (2000)"),
                r.lines().toString());
    }

    @Test
    void noFilesLimitDoesNotApplyToBodiesNoProcessorReads() throws Exception {
        byte[] blob = random(300_000, 2);
        Reply r = post(server, "/echo", "application/octet-stream", blob);
        assertEquals(200, r.status());
        assertArrayEquals(blob, r.response().body());
        assertEquals(List.of(), r.lines());
    }

    @Test
    void noFilesLimitWhenProcessPartialThenFirstBytesInspectedAndAppGetsEverything() throws Exception {
        String rules = RULES + "SecRequestBodyLimitAction ProcessPartial\n";
        try (WafServer s = new WafServer(new WafFilter(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(rules, "partial.conf")).temporaryDirectory(spool).build())), Map.of())) {
            String late = "a=" + "x".repeat(2500) + "&b=attack";
            Reply passed = post(s, "/params", "application/x-www-form-urlencoded", bytes(late));
            assertEquals(200, passed.status(), "the argument past the limit was not inspected");
            assertEquals("a=" + "x".repeat(2500) + "\nb=attack\n", passed.text());
            assertEquals(1, passed.lines().size(), passed.lines().toString());
            assertTrue(passed.lines().get(0).startsWith("ModSecurity: Request body no files data length is larger"
                    + " than the configured limit (2000); the rest was not inspected. "), passed.lines().get(0));

            String early = "b=attack&a=" + "x".repeat(2500);
            assertEquals(403, post(s, "/params", "application/x-www-form-urlencoded", bytes(early)).status());
        }
    }

    @Test
    void builderOverridesTheDirectives() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RULES, "limits.conf"))
                .requestBodyNoFilesLimit(10).requestBodyInMemoryLimit(5).requestBodyLimit(100)
                .requestBodyLimitAction(BodyLimitAction.PROCESS_PARTIAL).argumentsLimit(7).jsonDepthLimit(3)
                .temporaryDirectory(spool).build());
        assertEquals(10, rules.requestBodyNoFilesLimit());
        assertEquals(5, rules.requestBodyInMemoryLimit());
        assertEquals(100, rules.requestBodyLimit());
        assertFalse(rules.rejectsOversizedBody());
        assertEquals(spool, rules.temporaryDirectory());
        assertEquals(7, rules.settings().argumentsLimit());
        assertEquals(3, rules.settings().jsonDepthLimit());
    }

    @Test
    void temporaryDirectoryFromSecTmpDirOrTheBuilderMustBeWritable() throws Exception {
        RuleSet fromDirective = RuleSet.fromText("SecTmpDir " + spool.toAbsolutePath() + "\n");
        assertEquals(spool.toAbsolutePath(), fromDirective.temporaryDirectory());
        assertEquals(null, RuleSet.fromText("SecRuleEngine On\n").temporaryDirectory(), "java.io.tmpdir");
        RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> RuleSet.compile(WafConfig.builder().rules(RuleSource.text("SecRuleEngine On", "x.conf"))
                        .temporaryDirectory(spool.resolve("missing")).build()));
        assertTrue(e.getMessage().contains("not a writable directory"), e.getMessage());
    }

    @Test
    void detectionOnlyNeverRefusesAnOversizedBodyButSaysSo() throws Exception {
        String rules = RULES + "SecRequestBodyLimit 3000\nSecRuleEngine DetectionOnly\n";
        try (WafServer s = new WafServer(new WafFilter(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(rules, "detect.conf")).temporaryDirectory(spool).build())), Map.of())) {
            byte[] big = random(5000, 13);
            Reply r = post(s, "/echo", "application/octet-stream", big);
            assertEquals(200, r.status());
            assertArrayEquals(big, r.response().body());
            assertEquals(1, r.lines().size(), r.lines().toString());
            assertTrue(r.lines().get(0).startsWith("ModSecurity: Request body is larger than the configured limit"
                    + " (3000); only its first 3000 bytes were inspected. "), r.lines().get(0));
            Reply form = post(s, "/params", "application/x-www-form-urlencoded", bytes("a=" + "x".repeat(2500)));
            assertEquals(200, form.status());
            assertTrue(form.lines().get(0).contains("no files data length is larger than the configured limit"
                    + " (2000); the rest was not inspected."), form.lines().toString());
        }
    }

    @Test
    void brokenChunkedFramingIsLoggedAndTheApplicationNeverCalled() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /spool HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + WafServer.KEY_HEADER + ": badchunk\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\nZZ\r\nnot hex\r\n0\r\n\r\n"));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertFalse(answer.contains("bytes="), "the application was not called: " + answer);
        }
        List<String> lines = server.lines("badchunk");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("Bulwark: Error reading request body ("), lines.get(0));
    }

    // ---- SecRequestBodyInMemoryLimit: spooling ----

    @Test
    void bodyOverTheInMemoryLimitIsSpooledToAnOwnerOnlyFileAndDeletedAfterwards() throws Exception {
        byte[] blob = random(1001, 3);
        Reply r = post(server, "/spool", "application/octet-stream", blob);
        assertEquals(200, r.status(), r.text());
        String files = r.text().substring(r.text().indexOf("files="));
        if (spool.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(files.matches("files=\\[bulwark-body-[^ ]*\\.tmp rw-------]\n"), files);
        } else {
            assertTrue(files.matches("files=\\[bulwark-body-[^ ]*\\.tmp]\n"), files);
        }
        assertEquals("bytes=1001", r.text().substring(0, r.text().indexOf(' ')));

        Reply small = post(server, "/spool", "application/octet-stream", random(1000, 4));
        assertTrue(small.text().endsWith("files=[]\n"), "held in memory: " + small.text());
    }

    @Test
    void bodyThatCannotBeSpooledIsAnsweredWith500AndLogged(@TempDir Path dir) throws Exception {
        Path gone = Files.createDirectory(dir.resolve("spool"));
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RULES, "limits.conf"))
                .temporaryDirectory(gone).build());
        Files.delete(gone);
        try (WafServer s = new WafServer(new WafFilter(rules), Map.of())) {
            Reply small = post(s, "/echo", "application/octet-stream", random(1000, 14));
            assertEquals(200, small.status(), "held in memory: no file needed");
            Reply r = post(s, "/echo", "application/octet-stream", random(5000, 14));
            assertEquals(500, r.status());
            assertTrue(r.text().contains(r.incident()), r.text());
            assertEquals(1, r.lines().size(), r.lines().toString());
            assertTrue(r.lines().get(0).startsWith("Bulwark: Cannot spool the request body to a temporary file"
                    + " (java.nio.file.NoSuchFileException); answered with code 500. "), r.lines().get(0));
        }
    }

    @Test
    void spooledBodyIsReplayedByteForByte() throws Exception {
        byte[] blob = random(2_500_000, 5);
        Reply r = post(server, "/echo", "application/octet-stream", blob);
        assertEquals(200, r.status());
        assertArrayEquals(blob, r.response().body());
        Reply chunked = send(server, HttpRequest.newBuilder().header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(blob))),
                "/echo");
        assertArrayEquals(blob, chunked.response().body());
    }

    @Test
    void spooledBodyIsDeletedWhenTheApplicationThrows() throws Exception {
        Reply r = post(server, "/boom", "application/octet-stream", random(5000, 6));
        assertEquals(500, r.status());
        // @AfterEach checks the folder is empty
    }

    @Test
    void spooledBodyIsDeletedWhenTheBodyIsRefused() throws Exception {
        String rules = RULES + "SecRequestBodyLimit 3000\n";
        try (WafServer s = new WafServer(new WafFilter(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(rules, "small.conf")).temporaryDirectory(spool).build())), Map.of())) {
            byte[] big = random(5000, 7);
            Reply r = send(s, HttpRequest.newBuilder().header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))),
                    "/echo");
            assertEquals(413, r.status());
            assertTrue(r.lines().get(0).startsWith("ModSecurity: Request body is larger than the configured limit"
                    + " (3000)."), r.lines().toString());
        }
    }

    @Test
    void spooledBodyIsDeletedWhenTheClientAbortsMidBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + WafServer.KEY_HEADER + ": abort\r\nContent-Length: 1000000\r\n\r\n"));
            out.write(random(300_000, 8));
            out.flush();
            // the filter has spooled part of the body by now: wait for the file, then go away
            for (int i = 0; i < 500 && filesIn(spool).isEmpty(); i++) {
                Thread.sleep(10);
            }
            socket.setSoLinger(true, 0);
        }
        List<String> lines = server.lines("abort");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("Bulwark: Error reading request body ("), lines.get(0));
    }

    @Test
    void spooledBodyOutlivesTheFilterForAnAsyncApplicationAndIsDeletedWhenItCompletes() throws Exception {
        byte[] blob = random(200_000, 9);
        Reply r = post(server, "/async", "application/octet-stream", blob);
        assertEquals(200, r.status());
        assertArrayEquals(blob, r.response().body());
    }

    // ---- SecArgumentsLimit, SecRequestBodyJsonDepthLimit ----

    @Test
    void argumentsLimitWhenFormHasMoreThenTheRestIsNotInspected() throws Exception {
        try (WafServer s = new WafServer(new WafFilter(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(RULES, "args.conf")).argumentsLimit(3).temporaryDirectory(spool).build())),
                Map.of())) {
            assertEquals(403, post(s, "/params", "application/x-www-form-urlencoded", bytes("a=1&b=attack&c=3"))
                    .status());
            Reply fourth = post(s, "/params", "application/x-www-form-urlencoded", bytes("a=1&b=2&c=3&d=attack"));
            assertEquals(200, fourth.status(), "without a rule on &ARGS, the fourth argument passes uninspected");
            assertEquals("a=1\nb=2\nc=3\nd=attack\n", fourth.text());
            Reply json = post(s, "/echo", "application/json", bytes("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"));
            assertEquals(400, json.status(), "the JSON processor refuses a body over the limit");
            assertTrue(json.line(1003).contains("JSON argument limit exceeded (limit 3)"), json.line(1003));
        }
    }

    @Test
    void jsonDepthLimitWhenExceededThen400() throws Exception {
        try (WafServer s = new WafServer(new WafFilter(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(RULES, "depth.conf")).jsonDepthLimit(3).temporaryDirectory(spool)
                .build())), Map.of())) {
            byte[] ok = bytes("{\"a\":{\"b\":{\"c\":[1]}}}");
            Reply fine = post(s, "/echo", "application/json", ok);
            assertEquals(200, fine.status(), fine.lines().toString());
            assertArrayEquals(ok, fine.response().body());
            Reply deep = post(s, "/echo", "application/json", bytes("{\"a\":{\"b\":{\"c\":[[1]]}}}"));
            assertEquals(400, deep.status());
            assertTrue(deep.line(1003).contains("JSON depth limit exceeded (limit 3)"), deep.line(1003));
        }
    }

    // ---- test servlets ----

    /** Reads the whole body, then answers its length and the spool folder's files (with their permissions). */
    static final class SpoolWatchServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            long n;
            try (InputStream in = req.getInputStream()) {
                n = in.transferTo(OutputStream.nullOutputStream());
            }
            List<String> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(spool)) {
                for (Path p : list.toList()) {
                    String perms = p.getFileSystem().supportedFileAttributeViews().contains("posix")
                            ? " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) : "";
                    files.add(p.getFileName() + perms);
                }
            }
            res.setContentType("text/plain");
            res.getWriter().print("bytes=" + n + " files=" + files + "\n");
        }
    }

    /** Reads some of the body, then fails. */
    static final class FailingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            req.getInputStream().read(new byte[100]);
            throw new IllegalStateException("simulated application failure");
        }
    }

    /** Echoes the body from another thread, after the filter chain has returned. */
    static final class AsyncEchoServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    Thread.sleep(200);
                    res.setContentType("application/octet-stream");
                    try (InputStream in = async.getRequest().getInputStream()) {
                        in.transferTo(res.getOutputStream());
                    }
                } catch (IOException | InterruptedException e) {
                    res.setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }
}
