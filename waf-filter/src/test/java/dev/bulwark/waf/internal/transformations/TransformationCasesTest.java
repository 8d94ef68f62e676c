package dev.bulwark.waf.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Cases beyond ModSecurity's vectors: invalid and truncated escapes, ModSecurity v2's quirks (traced by hand through
 * its C code), and the two vectors whose JSON conversion is damaged, checked against ModSecurity's original Perl test
 * files. In the strings below, {@code \\xNN} stands for the byte NN (see {@link #x}).
 */
class TransformationCasesTest {

    /**
     * {@code \xNN} in {@code s} (written {@code "\\xNN"} in Java) as the byte NN; a backslash meant literally before
     * an {@code x} and two hex digits is written {@code \x5c}.
     */
    static String x(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i) && i + 3 < s.length() && ByteStrings.isHexDigit(s.charAt(i + 2))
                    && ByteStrings.isHexDigit(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static void assertTransforms(String name, String input, String expected) {
        Transformation t = Transformations.lookup(name);
        assertNotNull(t, name);
        String in = x(input);
        String out = t.apply(in);
        assertEquals(TransformationVectors.escaped(x(expected)), TransformationVectors.escaped(out),
                name + "(" + input + ")");
        if (out.equals(in)) {
            assertSame(in, out, name + " must return the same instance when nothing changed");
        }
    }

    @Nested
    class UrlDecodeUniCases {

        @Test
        void urlDecodeUniWhenPercentIsInvalidThenKeepsIt() {
            assertTransforms("urlDecodeUni", "%", "%");
            assertTransforms("urlDecodeUni", "%4", "%4");
            assertTransforms("urlDecodeUni", "%zz%41", "%zzA");
            assertTransforms("urlDecodeUni", "100%", "100%");
        }

        @Test
        void urlDecodeUniWhenPercentUIsIncompleteOrInvalidThenKeepsPercentU() {
            assertTransforms("urlDecodeUni", "%u", "%u");
            assertTransforms("urlDecodeUni", "%u12", "%u12");
            assertTransforms("urlDecodeUni", "%u004", "%u004");
            assertTransforms("urlDecodeUni", "%uZZZZ%41", "%uZZZZA");
            assertTransforms("urlDecodeUni", "%u%u0041", "%uA");
        }

        @Test
        void urlDecodeUniWhenPercentUIsValidThenKeepsTheLowByteOrMapsFullWidthAscii() {
            assertTransforms("urlDecodeUni", "%u0041%U0042", "AB");
            assertTransforms("urlDecodeUni", "%u20AC", "\\xac");
            assertTransforms("urlDecodeUni", "%u0100", "\\x00");
            assertTransforms("urlDecodeUni", "%uFF01%uff5e%uFF3C", "!~\\x5c");
            assertTransforms("urlDecodeUni", "%uff00%uff5f%uffff", "\\x00\\x5f\\xff");
            assertTransforms("urlDecodeUni", "%uef01", "\\x01");
        }

        @Test
        void urlDecodeWhenPercentUThenLeavesIt() {
            assertTransforms("urlDecode", "%u0041+%41", "%u0041 A");
        }
    }

    @Nested
    class HtmlEntityDecodeCases {

        @Test
        void htmlEntityDecodeWhenSemicolonIsMissingThenStillDecodes() {
            assertTransforms("htmlEntityDecode", "&lt&gt&quot&amp&nbsp", "<>\"&\\xa0");
            assertTransforms("htmlEntityDecode", "&#60&#x3e&#X3E", "<>>");
            assertTransforms("htmlEntityDecode", "&#x3cscript", "<script");
        }

        @Test
        void htmlEntityDecodeWhenNameIsInAnyCaseThenDecodes() {
            assertTransforms("htmlEntityDecode", "&LT;&Gt;&QUOT;&AmP;&NbSp;", "<>\"&\\xa0");
        }

        @Test
        void htmlEntityDecodeWhenNameIsUnknownThenKeepsIt() {
            assertTransforms("htmlEntityDecode", "&apos;&copy;&foo", "&apos;&copy;&foo");
            assertTransforms("htmlEntityDecode", "& &;&&lt;", "& &;&<");
        }

        @Test
        void htmlEntityDecodeWhenNumberHasNoDigitsThenKeepsIt() {
            assertTransforms("htmlEntityDecode", "&#", "&#");
            assertTransforms("htmlEntityDecode", "&#x", "&#x");
            assertTransforms("htmlEntityDecode", "&#;&#x;&#xg", "&#;&#x;&#xg");
            assertTransforms("htmlEntityDecode", "&", "&");
        }

        @Test
        void htmlEntityDecodeWhenNumberExceedsAByteThenKeepsTheLowByte() {
            assertTransforms("htmlEntityDecode", "&#321;&#x141;&#x2028;", "AA\\x28");
        }

        @Test
        void htmlEntityDecodeWhenNumberOverflowsALongThenGivesFf() {
            // strtol saturates at LONG_MAX, whose low byte is 0xFF.
            assertTransforms("htmlEntityDecode", "&#99999999999999999999999;", "\\xff");
            assertTransforms("htmlEntityDecode", "&#x10000000000000041;", "\\xff");
            assertTransforms("htmlEntityDecode", "&#x7fffffffffffff41;", "A");
        }

        @Test
        void htmlEntityDecodeWhenDecodedTextFormsAnEntityThenDoesNotDecodeTwice() {
            assertTransforms("htmlEntityDecode", "&amp;lt;", "&lt;");
        }
    }

    @Nested
    class NormalizePathCases {

        @Test
        void normalizePathWhenAbsolutePathGoesAboveRootThenStopsAtRoot() {
            assertTransforms("normalizePath", "/../../etc/passwd", "/etc/passwd");
            assertTransforms("normalizePath", "/a/../../../b/", "/b/");
            assertTransforms("normalizePath", "/../", "/");
        }

        @Test
        void normalizePathWhenAbsolutePathEndsInBackReferenceAboveRootThenIsEmpty() {
            // ModSecurity keeps the root slash, then drops it because the input had no trailing slash.
            assertTransforms("normalizePath", "/..", "");
        }

        @Test
        void normalizePathWhenRelativePathGoesAboveItsStartThenKeepsTheBackReferences() {
            assertTransforms("normalizePath", "a/b/../../../c", "../c");
            // ModSecurity's quirk: a later back reference that empties the output also swallows a kept "..".
            assertTransforms("normalizePath", "../a/../../b", "b");
        }

        @Test
        void normalizePathWhenSegmentEndsInTwoDotsThenTreatsItAsBackReference() {
            // ModSecurity recognises ".." by the last output byte, so "ab.." resolves against "ab".
            assertTransforms("normalizePath", "ab..", "");
            assertTransforms("normalizePath", "x/ab../y", "x/y");
        }

        @Test
        void normalizePathWhenThereAreBackslashesThenLeavesThem() {
            assertTransforms("normalizePath", "a\\..\\b", "a\\..\\b");
        }

        @Test
        void normalizePathWinWhenSeparatorsAreMixedThenNormalizes() {
            assertTransforms("normalizePathWin", "C:\\a/..\\b\\\\c", "C:/b/c");
            assertTransforms("normalisePathWin", "\\..\\windows\\.\\win.ini", "/windows/win.ini");
        }

        @Test
        void normalizePathWhenNothingCanChangeThenSkipsTheWorkWithTheSameResult() {
            // the shortcut (no separator and no final dot: unchanged) must agree with the full algorithm
            java.util.Random random = new java.util.Random(12);
            String alphabet = "ab./\\ .";
            for (int i = 0; i < 20_000; i++) {
                StringBuilder v = new StringBuilder();
                for (int k = random.nextInt(9); k > 0; k--) {
                    v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String value = v.toString();
                for (boolean windows : new boolean[] {false, true}) {
                    assertEquals(PathNormalizer.normalizeFully(value, windows), PathNormalizer.normalize(value,
                            windows), value);
                }
            }
            String sentence = "we are away on the 12th. back soon";
            assertSame(sentence, PathNormalizer.normalize(sentence, false));
            assertTransforms("normalizePath", "x.", "x.");
            assertTransforms("normalizePath", ".", "");
        }

        @Test
        void normalisePathWhenSpelledEitherWayThenBehavesTheSame() {
            String input = "/a/./b/../c//d/";
            assertEquals(Transformations.lookup("normalizePath").apply(input),
                    Transformations.lookup("normalisePath").apply(input));
        }
    }

    @Nested
    class Base64Cases {

        @Test
        void base64DecodeWhenInputHasANonAlphabetByteThenDecodesOnlyWhatComesBefore() {
            assertTransforms("base64Decode", "VGVzd*Nhc2U=", "Tes");
            assertTransforms("base64Decode", "VGVz dA==", "Tes");
            assertTransforms("base64Decode", "VGVzdA-_", "Test");
            assertTransforms("base64Decode", "!!!!", "");
            assertTransforms("base64Decode", "=", "");
        }

        @Test
        void base64DecodeWhenPaddingIsMissingThenDecodesTheWholeBytes() {
            assertTransforms("base64Decode", "VGVzdA", "Test");
            assertTransforms("base64Decode", "VGVzdAB", "Test\\x00");
            assertTransforms("base64Decode", "V", "");
        }

        @Test
        void base64DecodeExtWhenInputHasNonAlphabetBytesThenSkipsThem() {
            assertTransforms("base64DecodeExt", "VGVz dA==", "Test");
            assertTransforms("base64DecodeExt", "V\\x00GVzdA==", "");
            assertTransforms("base64DecodeExt", "VG\\x00Vz", "T");
            assertTransforms("base64DecodeExt", "VGVz\\x0adA*=*=", "Test");
        }

        @Test
        void base64DecodeExtWhenPaddingFollowsOneCharacterOfAGroupThenIsEmpty() {
            assertTransforms("base64DecodeExt", "VGVzd=A", "");
            assertTransforms("base64DecodeExt", "VGVzd==A", "");
            assertTransforms("base64DecodeExt", "VGVzdA=A", "Test\\x00");
        }

        @Test
        void base64EncodeWhenBinaryThenEncodesEveryByte() {
            assertTransforms("base64Encode", "\\x00\\xff\\x80", "AP+A");
        }
    }

    @Nested
    class EscapeDecoderCases {

        @Test
        void escapeSeqDecodeWhenInvalidEscapesThenMatchesModSecurityV2Test() {
            // tests/tfn/escapeSeqDecode.t in ModSecurity v2; the JSON vector lost this expectation in conversion.
            assertTransforms("escapeSeqDecode", "\\8\\9\\666\\xag\\xga\\0123", "89\\xb6xagxga\\x0a3");
        }

        @Test
        void escapeSeqDecodeWhenHexEscapeHasUpperCaseXThenDecodes() {
            assertTransforms("escapeSeqDecode", "\\X41\\q\\", "Aq\\");
        }

        @Test
        void cssDecodeWhenBackslashZeroThenMatchesModSecurityV2Test() {
            // tests/tfn/cssDecode.t in ModSecurity v2: "\0" is a one-digit hex escape and swallows one space.
            assertTransforms("cssDecode",
                    "test\\a\\b\\f\\n\\r\\t\\v\\?\\'\\\"\\0\\12\\123\\1234\\12345\\123456\\ff01\\ff5e\\\n\\0  string",
                    "test\n\\x0b\\x0fnrtv?'\"\\x00\\x12#4EV!~\\x00 string");
        }

        @Test
        void cssDecodeWhenBackslashNulThenKeepsTheNulAndBothSpaces() {
            assertTransforms("cssDecode", "\\\\x00  string", "\\x00  string");
        }

        @Test
        void cssDecodeWhenFiveOrSixDigitsThenFullWidthOnlyWithLeadingZeros() {
            assertTransforms("cssDecode", "\\0ff3c\\00ff3c\\1ff3c\\10ff3c", "\\x5c\\x5c<<");
        }

        @Test
        void jsDecodeWhenHexEscapeAboveAsciiThenGivesOneByte() {
            assertTransforms("jsDecode", "\\x5cxbcscript\\x5cxbe", "\\xbcscript\\xbe");
            assertTransforms("jsDecode", "\\u00e9\\uFF1C\\uff5e\\uff5f", "\\xe9<~\\x5f");
        }

        @Test
        void jsDecodeWhenOctalWouldOverflowAByteThenUsesTwoDigits() {
            assertTransforms("jsDecode", "\\400\\377\\8", " 0\\xff8");
        }

        @Test
        void jsDecodeWhenHexEscapeIsUpperCaseThenOnlyDropsTheBackslash() {
            assertTransforms("jsDecode", "\\X41\\U0041", "X41U0041");
        }
    }

    @Nested
    class Utf8ToUnicodeCases {

        @Test
        void utf8toUnicodeWhenWellFormedThenWritesPercentU() {
            assertTransforms("utf8toUnicode", "a\\xc3\\xa9\\xef\\xbc\\x9c\\xf0\\x9f\\x98\\x80",
                    "a%u00e9%uff1c%u1f600");
        }

        @Test
        void utf8toUnicodeWhenContinuationIsMissingThenDropsTheLeadByte() {
            assertTransforms("utf8toUnicode", "\\xc3", "");
            assertTransforms("utf8toUnicode", "\\xc3(", "(");
            assertTransforms("utf8toUnicode", "\\xe2\\x82(", "\\x82(");
        }

        @Test
        void utf8toUnicodeWhenStrayOrInvalidLeadByteThenKeepsIt() {
            assertTransforms("utf8toUnicode", "\\x80\\xbf\\xf8\\xff", "\\x80\\xbf\\xf8\\xff");
        }

        @Test
        void utf8toUnicodeWhenOverlongOrSurrogateThenAppendsTheLeadByte() {
            assertTransforms("utf8toUnicode", "\\xc0\\xaf", "%u002f\\xc0");
            assertTransforms("utf8toUnicode", "\\xe0\\x80\\xaf", "%u002f\\xe0");
            assertTransforms("utf8toUnicode", "\\xed\\xa0\\x80", "%ud800\\xed");
        }

        @Test
        void utf8toUnicodeWhenLeadByteIsBeyondUnicodeThenKeepsItAndDecodes() {
            assertTransforms("utf8toUnicode", "\\xf5\\x80\\x80\\x80", "\\xf5%u140000");
        }

        @Test
        void utf8toUnicodeWhenNulThenDropsIt() {
            assertTransforms("utf8toUnicode", "a\\x00b\\xc3\\xa9", "ab%u00e9");
        }
    }

    @Nested
    class CommentCases {

        @Test
        void removeCommentsWhenDashDashOrHashThenDropsTheRest() {
            assertTransforms("removeComments", "a -- b", "a ");
            assertTransforms("removeComments", "1#x", "1");
        }

        @Test
        void removeCommentsWhenCommentEndsTheValueThenLeavesANul() {
            assertTransforms("removeComments", "x/*y*/", "x\\x00");
            assertTransforms("removeComments", "<!--c-->d/*e*//f", "d/f");
        }

        @Test
        void removeCommentsCharWhenMarkersThenRemovesOnlyThem() {
            assertTransforms("removeCommentsChar", "<!--a-->b--c#d/*e*/", "abcde");
        }

        @Test
        void replaceCommentsWhenUnterminatedThenOneSpace() {
            assertTransforms("replaceComments", "a/*b/*c*/d/*e", "a d ");
            assertTransforms("replaceComments", "a*/b", "a*/b");
        }
    }

    @Nested
    class OtherCases {

        @Test
        void cmdLineWhenNulThenProcessesTheWholeValue() {
            assertTransforms("cmdLine", "A\\x00;B  ,/C", "a\\x00 b/c");
        }

        @Test
        void cmdLineWhenSpaceBeforeParenthesisThenRemovesIt() {
            assertTransforms("cmdLine", "echo ;(id)", "echo(id)");
        }

        @Test
        void sqlHexDecodeWhenRunsAndNulsThenFollowsModSecurity() {
            assertTransforms("sqlHexDecode", "0x410x42", "A0x42");
            assertTransforms("sqlHexDecode", "SELECT 0x4100 x", "SELECT A");
            assertTransforms("sqlHexDecode", "0x 0xZZ 0X41", "0x 0xZZ A");
            assertTransforms("sqlHexDecode", "a\\x00b", "a");
        }

        @Test
        void hexDecodeWhenNonHexPairThenUsesModSecurityArithmetic() {
            assertTransforms("hexDecode", "0z4", "#");
        }

        @Test
        void whitespaceTransformationsWhenNbspThenOnlyRemoveAndCompressSeeIt() {
            assertTransforms("compressWhitespace", "a\\xa0\\x0bb\tc d", "a b c d");
            assertTransforms("removeWhitespace", "a\\xa0b\\x0c", "ab");
            assertTransforms("trim", "\\xa0a\\xa0", "\\xa0a\\xa0");
            assertTransforms("trimRight", "a\\x00 ", "a\\x00");
        }

        @Test
        void caseTransformationsWhenLatin1LettersThenLeaveThem() {
            assertTransforms("lowercase", "\\xc9A", "\\xc9a");
            assertTransforms("uppercase", "\\xe9a", "\\xe9A");
        }

        @Test
        void parityWhenHighBitIsSetThenCountsIt() {
            assertTransforms("parityEven7bit", "\\xe1a", "a\\xe1");
            assertTransforms("parityOdd7bit", "\\x80", "\\x00");
        }

        @Test
        void digestsWhenAppliedThenGiveRawBytes() {
            assertEquals(16, Transformations.lookup("md5").apply("x").length());
            assertEquals(20, Transformations.lookup("sha1").apply("x").length());
            assertTransforms("sha1", "abc", "\\xa9\\x99\\x3e\\x36\\x47\\x06\\x81\\x6a\\xba\\x3e"
                    + "\\x25\\x71\\x78\\x50\\xc2\\x6c\\x9c\\xd0\\xd8\\x9d");
        }

        @Test
        void lengthWhenValueIsItsOwnLengthThenUnchanged() {
            assertTransforms("length", "1", "1");
            assertTransforms("length", "", "0");
        }

        @Test
        void phpArgsNamesWhenNulBeforeClosingBracketThenBracketStaysOpen() {
            assertTransforms("phpArgsNames", "a[b\\x00]", "a_b\\x00]");
            assertTransforms("phpArgsNames", "  a b[c][ ][d]e", "a_b[c][][d]");
            assertTransforms("phpArgsNames", "=x", "");
        }

        @Test
        void urlEncodeWhenReservedBytesThenLowerCaseHex() {
            assertTransforms("urlEncode", "a b-c\\xff*", "a+b%2dc%ff*");
        }
    }
}
