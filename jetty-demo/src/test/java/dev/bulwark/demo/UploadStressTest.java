package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STRESS TEST: oversized and concurrent uploads get answers, never an OutOfMemoryError. The demo runs in its own JVM
 * with a small heap ({@code -Xmx256m}, exiting on OutOfMemoryError) and its own {@code java.io.tmpdir}; its
 * {@code SecRequestBodyLimit} is raised to 1.5 upload sizes. Many multipart uploads are sent at once, each generated
 * as it is sent (never held by the test): nine in ten declare their length and must be answered 200 with the exact
 * size and CRC-32 of the file part as {@code getParts()} saw it; one in ten is chunked and twice the size, so the
 * filter spools up to the limit before it must refuse it with 413. Afterwards the server must still answer, and no
 * spooled body may be left in its temporary folder.
 *
 * <p>Sizes (system properties): {@code bulwark.stress.uploads} (default 200) uploads of
 * {@code bulwark.stress.megabytes} MiB (default 2: 200 x 2 MiB, about 0.5 GB over loopback, runs in CI in about 15 s
 * on 2 cores); {@code -Dbulwark.stress.full=true} makes it 20 MiB each (about 4.6 GB: the variant the issue asks
 * for, about a minute or more on 2 cores, so not the CI default).
 */
@Tag("stress")
class UploadStressTest {

    private static final boolean FULL = Boolean.getBoolean("bulwark.stress.full");
    private static final int UPLOADS = Integer.getInteger("bulwark.stress.uploads", 200);
    private static final long SIZE = (FULL ? 20L : Integer.getInteger("bulwark.stress.megabytes", 2)) << 20;
    private static final long BODY_LIMIT = SIZE + SIZE / 2;
    private static final String HEAP = "-Xmx" + System.getProperty("bulwark.stress.heap", "256m");
    private static final String BOUNDARY = "----bulwarkstress0123456789abcdefABCDEF";
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

    @TempDir
    Path work;

    @Test
    void concurrentLargeUploadsAreAnsweredAndLeaveNoTemporaryFile() throws Exception {
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Path rules = work.resolve("stress.conf");
        Files.writeString(rules, "SecRequestBodyLimit " + BODY_LIMIT + "\n");
        Process server = startDemo(tmp, rules);
        try {
            int port = awaitPort(server);
            long start = System.nanoTime();
            List<Outcome> outcomes = sendAll(port);
            double seconds = (System.nanoTime() - start) / 1e9;

            List<String> problems = new ArrayList<>();
            int accepted = 0;
            int refused = 0;
            for (Outcome o : outcomes) {
                if (o.problem() != null) {
                    problems.add(o.problem());
                } else if (o.status() == 200) {
                    accepted++;
                } else {
                    refused++;
                }
            }
            System.out.printf("UploadStressTest: %d uploads of %d MiB (%s, server %s): %d accepted, %d refused,"
                    + " %d failed in %.1f s%n", UPLOADS, SIZE >> 20, FULL ? "full" : "CI size", HEAP, accepted,
                    refused, problems.size(), seconds);
            assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())),
                    problems.size() + " uploads went wrong");
            assertTrue(server.isAlive(), "the server must survive (it exits on OutOfMemoryError)");
            assertEquals(200, get(port, "/"), "the server still answers");
            assertEquals(List.of(), spooledBodies(tmp), "every spooled body is deleted");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The demo in its own JVM: same java and class path, small heap, its own temporary folder. */
    private Process startDemo(Path tmp, Path rules) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, HEAP, "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp,
                "-cp", classPath(), DemoServer.class.getName(), "--port", "0",
                "--audit-log", work.resolve("audit.log").toString(), "--rules", "classpath:bulwark/bulwark.conf",
                "--rules", rules.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    /** The test class path (surefire names it; its own java.class.path may be a manifest-only jar). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Reads the server's output until it says where it listens; keeps draining it afterwards. */
    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (!port.isDone()) {
                        seen.append(line).append('\n');
                    } else if (line.contains("OutOfMemoryError") || line.contains("Exception")) {
                        System.out.println("demo: " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("the demo did not start:\n" + seen));
        }, "demo-output");
        drain.setDaemon(true);
        drain.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    record Outcome(int status, String problem) {}

    private static List<Outcome> sendAll(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS * 2);
        CountDownLatch ready = new CountDownLatch(UPLOADS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                int index = i;
                futures.add(pool.submit(() -> upload(port, index, pool, ready)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(5, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One upload on its own connection. The response is read on another thread while the body is still being sent,
     * so an early 413 is seen even though the server stops reading.
     */
    private static Outcome upload(int port, int index, ExecutorService pool, CountDownLatch ready) {
        boolean oversized = index % 10 == 9;
        long fileSize = oversized ? 2 * SIZE : SIZE;
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nupload " + index
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"blob" + index
                + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long length = head.length + fileSize + tail.length;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            AtomicBoolean answered = new AtomicBoolean();
            Future<byte[]> response = pool.submit(() -> {
                try {
                    return readResponse(socket.getInputStream());
                } finally {
                    answered.set(true);
                }
            });
            ready.countDown();
            ready.await(60, TimeUnit.SECONDS); // all connections open before the bodies flow
            OutputStream out = socket.getOutputStream();
            String headers = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\n" + (oversized ? "Transfer-Encoding: chunked\r\n"
                    : "Content-Length: " + length + "\r\n") + "Connection: close\r\n\r\n";
            long crc;
            try {
                out.write(headers.getBytes(StandardCharsets.US_ASCII));
                crc = writeBody(out, head, fileSize, tail, index, oversized, answered);
                out.flush();
            } catch (IOException e) {
                crc = -1; // the server stopped reading (a refusal): its answer tells
            }
            byte[] raw;
            try {
                raw = response.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                return new Outcome(0, "upload " + index + ": no answer (" + e + ")");
            }
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
            if (oversized) {
                return status == 413 ? new Outcome(413, null)
                        : new Outcome(status, "upload " + index + " (oversized): expected 413, got " + firstLine(text));
            }
            String expected = "name=data filename=blob" + index + ".bin size=" + fileSize + " crc32="
                    + String.format("%08x", crc) + "\n";
            if (status != 200 || crc < 0 || !text.contains("\r\n\r\nname=title size=") || !text.endsWith(expected)) {
                return new Outcome(status, "upload " + index + ": expected 200 and '" + expected.trim() + "', got "
                        + firstLine(text) + " ... " + text.substring(Math.max(0, text.length() - 120)).trim());
            }
            return new Outcome(200, null);
        } catch (Exception e) {
            return new Outcome(0, "upload " + index + ": " + e);
        }
    }

    /** Streams the multipart body (chunked when oversized); returns the CRC-32 of the file content. */
    private static long writeBody(OutputStream out, byte[] head, long fileSize, byte[] tail, int seed,
            boolean chunked, AtomicBoolean answered) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        writePiece(out, head, head.length, chunked);
        for (long sent = 0; sent < fileSize && !answered.get(); ) {
            int n = (int) Math.min(buffer.length, fileSize - sent);
            for (int i = 0; i < n; i += 8) {
                long r = random.nextLong();
                for (int k = 0; k < 8 && i + k < n; k++) {
                    buffer[i + k] = (byte) (r >>> (8 * k));
                }
            }
            crc.update(buffer, 0, n);
            writePiece(out, buffer, n, chunked);
            sent += n;
        }
        writePiece(out, tail, tail.length, chunked);
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return crc.getValue();
    }

    private static void writePiece(OutputStream out, byte[] b, int n, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b, 0, n);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Reads a whole response (Connection: close, or Content-Length); what arrived before a reset counts. */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                got.write(buffer, 0, n);
                if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (got.size() == 0) {
                throw e;
            }
        }
        return got.toByteArray();
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(0, end));
        return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    private static String firstLine(String text) {
        int eol = text.indexOf("\r\n");
        return eol < 0 ? "'" + text + "'" : text.substring(0, eol);
    }

    private static int get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(readResponse(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        }
    }

    /** Spooled bodies still in the server's temporary folder, waiting up to 10 s for the last requests to end. */
    private static List<String> spooledBodies(Path tmp) throws Exception {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> files = Files.walk(tmp)) {
                left = files.map(Path::getFileName).map(Path::toString).filter(n -> n.startsWith("bulwark-body-"))
                        .toList();
            }
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
