package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.internal.body.MultipartLimits;
import dev.bulwark.waf.internal.body.MultipartParser;
import dev.bulwark.waf.internal.body.MultipartPart;
import dev.bulwark.waf.internal.body.MultipartResult;
import dev.bulwark.waf.internal.body.MultipartSession;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The multipart/form-data parser on an arbitrary Content-Type and body. It never throws: every problem is reported in
 * the {@link MultipartResult}. Checked on every result: all strings are byte strings; part sizes are non-negative, a
 * form field's size is its value's length, a file's kept content prefix is within the limit and its size; the
 * combined file size is the sum of the file sizes and no more than the body; the result does not depend on how the
 * body is cut into chunks (as {@link MultipartSession} promises), checked by feeding it in small pieces too. Each input
 * is parsed with the default limits and with tight ones.
 *
 * <p>Input format (so that seeds can be written by hand): the first line (up to the first LF) is the Content-Type,
 * the rest is the body. Since libFuzzer keeps inputs under 4096 bytes and the parser works in 4096-byte buffers, the
 * body may contain the escape {@code 0xFF 0xFE n}, which stands for the input byte before it repeated
 * {@code 32 * (n + 1)} more times (while the body stays under {@value #MAX_EXPANDED} bytes; past that the escape is
 * dropped): that is how the fuzzer reaches lines longer than a buffer.
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultipartBodyFuzzTest {

    static final int MAX_EXPANDED = 16384;

    private static final MultipartParser DEFAULT_LIMITS = new MultipartParser();
    private static final MultipartParser TIGHT_LIMITS = new MultipartParser(new MultipartLimits(3, 1, 40, 60, 8));

    @DictionaryFile(resourcePath = "multipart.dict")
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        int lineEnd = indexOf(input, (byte) '\n');
        String contentType = ByteStringCheck.of(Arrays.copyOfRange(input, 0, lineEnd < 0 ? input.length : lineEnd));
        byte[] body = expand(lineEnd < 0 ? new byte[0] : Arrays.copyOfRange(input, lineEnd + 1, input.length));
        parseChecked(DEFAULT_LIMITS, contentType, body);
        parseChecked(TIGHT_LIMITS, contentType, body);
    }

    private static void parseChecked(MultipartParser parser, String contentType, byte[] body) {
        MultipartResult whole = parser.parse(contentType, body);
        checkResult(parser.limits(), whole, body.length);

        MultipartSession session = parser.start(contentType);
        int chunk = 1;
        for (int offset = 0; offset < body.length; offset += chunk) {
            chunk = 1 + (offset * 7 + 3) % 13; // 1..13 bytes, varying, the same for the same body
            session.feed(body, offset, Math.min(chunk, body.length - offset));
        }
        MultipartResult pieces = session.finish();
        String wholeText = describe(whole);
        String piecesText = describe(pieces);
        if (!wholeText.equals(piecesText)) {
            throw new AssertionError("result depends on chunking:\nwhole:  " + wholeText + "\npieces: " + piecesText);
        }
    }

    private static void checkResult(MultipartLimits limits, MultipartResult result, int bodyLength) {
        ByteStringCheck.check("boundary", result.boundary());
        ByteStringCheck.check("error message", result.errorMessage());
        ByteStringCheck.check("last name", result.lastName());
        ByteStringCheck.check("last filename", result.lastFilename());
        result.charset().ifPresent(c -> ByteStringCheck.check("_charset_", c));
        long fileSizes = 0;
        for (MultipartPart part : result.parts()) {
            ByteStringCheck.checkNonNull("part name", part.name());
            ByteStringCheck.check("filename", part.filename());
            for (String line : part.headerLines()) {
                ByteStringCheck.checkNonNull("part header line", line);
            }
            for (String name : part.headerNames()) {
                ByteStringCheck.checkNonNull("part header name", name);
                ByteStringCheck.checkNonNull("part header " + name, part.header(name));
            }
            if (part.size() < 0) {
                throw new AssertionError("negative size " + part.size() + " of " + part);
            }
            if (part.isFile()) {
                fileSizes += part.size();
                String prefix = part.contentPrefix();
                ByteStringCheck.check("content prefix", prefix);
                int prefixLength = prefix == null ? 0 : prefix.length();
                if (prefixLength > limits.fileContentPrefix() || prefixLength > part.size()) {
                    throw new AssertionError("content prefix of " + prefixLength + " bytes for " + part
                            + ", limit " + limits.fileContentPrefix());
                }
            } else {
                ByteStringCheck.checkNonNull("value of " + part.name(), part.value());
                if (part.size() != part.value().length()) {
                    throw new AssertionError("size " + part.size() + " but value of " + part.value().length()
                            + " bytes in " + part);
                }
            }
        }
        if (result.combinedFileSize() != fileSizes || fileSizes > bodyLength) {
            throw new AssertionError("combined file size " + result.combinedFileSize() + ", sum of file sizes "
                    + fileSizes + ", body " + bodyLength + " bytes");
        }
        if (result.noFilesLength() < 0 || result.noFilesLength() > bodyLength) {
            throw new AssertionError("noFilesLength " + result.noFilesLength() + " for a body of " + bodyLength);
        }
        result.emitArguments((name, value) -> {
            ByteStringCheck.checkNonNull("argument name", name);
            ByteStringCheck.checkNonNull("argument value", value);
        });
    }

    /** Everything a result reports, as text, to compare two results. */
    private static String describe(MultipartResult r) {
        StringBuilder b = new StringBuilder();
        b.append("error=").append(r.errorMessage()).append(" strict=").append(r.strictError())
                .append(" flags=").append(r.flags()).append(" name=").append(r.lastName())
                .append(" filename=").append(r.lastFilename()).append(" noFiles=").append(r.noFilesLength());
        for (MultipartPart p : r.parts()) {
            b.append(" | ").append(p.name()).append(' ').append(p.filename()).append(' ').append(p.size())
                    .append(' ').append(p.value()).append(' ').append(p.contentPrefix()).append(' ')
                    .append(p.headerLines());
        }
        return b.toString();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Applies the {@code 0xFF 0xFE n} repeat escape described in the class comment. */
    static byte[] expand(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            if (i > 0 && i + 2 < body.length && body[i] == (byte) 0xFF && body[i + 1] == (byte) 0xFE) {
                byte repeated = body[i - 1];
                int times = Math.min(32 * ((body[i + 2] & 0xFF) + 1), Math.max(0, MAX_EXPANDED - out.size()));
                for (int k = 0; k < times; k++) {
                    out.write(repeated);
                }
                i += 3;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }
}
