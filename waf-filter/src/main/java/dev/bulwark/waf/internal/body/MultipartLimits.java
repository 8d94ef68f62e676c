package dev.bulwark.waf.internal.body;

/**
 * Limits for {@link MultipartParser}. Exceeding {@code maxParts}, {@code maxFileSize} or {@code maxCombinedFileSize}
 * is a parse error (REQBODY_ERROR); exceeding {@code maxFiles} only raises {@link MultipartFlag#FILE_LIMIT_EXCEEDED}
 * (ModSecurity's SecUploadFileLimit). The size limits are off by default because CRS checks FILES_SIZES and
 * FILES_COMBINED_SIZE itself (rules 920400, 920410) and must see the real sizes.
 *
 * @param maxParts most named parts kept
 * @param maxFiles file parts with content beyond this many raise FILE_LIMIT_EXCEEDED (ModSecurity default 100)
 * @param maxFileSize largest single file, in bytes
 * @param maxCombinedFileSize largest total of all files, in bytes
 * @param fileContentPrefix bytes of each file's content kept in memory (0: keep sizes only)
 */
public record MultipartLimits(int maxParts, int maxFiles, long maxFileSize, long maxCombinedFileSize,
        int fileContentPrefix) {

    /** 1000 parts, 100 files, no size limits, no content kept. */
    public static final MultipartLimits DEFAULTS = new MultipartLimits(1000, 100, Long.MAX_VALUE, Long.MAX_VALUE, 0);

    public MultipartLimits {
        if (maxParts < 0 || maxFiles < 0 || maxFileSize < 0 || maxCombinedFileSize < 0 || fileContentPrefix < 0) {
            throw new IllegalArgumentException("multipart limits must not be negative: maxParts=" + maxParts
                    + ", maxFiles=" + maxFiles + ", maxFileSize=" + maxFileSize + ", maxCombinedFileSize="
                    + maxCombinedFileSize + ", fileContentPrefix=" + fileContentPrefix);
        }
    }
}
