/**
 * Internal, not API: Bulwark's own implementation of the injection detectors that ModSecurity delegates to
 * libinjection ({@code @detectSQLi}; see {@link dev.bulwark.waf.internal.libinjection.SqliDetector}).
 *
 * <h2>SQL injection: how it works</h2>
 *
 * <p>The method is libinjection's, as published by its author (talks, documentation, and the source read to learn
 * its semantics): read the value as the tail of a SQL statement ({@link SqlLexer}, under up to five
 * {@link SqlContext}s: bare, after a single quote, after a double quote; ANSI or MySQL comment rules), fold the token
 * stream into at most five significant tokens ({@link TokenFolder}), spell their kinds as a fingerprint such as
 * {@code s&1} ({@link SqliReading}), and judge the fingerprint. The token kinds use libinjection's letters so that the
 * fingerprints Bulwark logs in {@code TX:0} read like ModSecurity's.
 *
 * <h2>RATIONALE: why this is original work, and how the fingerprint list was replaced</h2>
 *
 * <ul>
 *   <li><b>Code.</b> No libinjection code was copied or translated line by line. The tokenizer and the folding
 *       rules reproduce the documented behaviour (what each construct reads as, which token pairs and triples fold);
 *       the Java is organised Bulwark's way: a character-class dispatch table, named folding rules, tokens that point
 *       into the input instead of copying it, one token store per value.
 *   <li><b>Vocabulary.</b> {@link SqlKeywords} is Bulwark's own list, compiled from the public references of MySQL,
 *       SQL Server, PostgreSQL, Oracle, SQLite and MS Access and grouped by role. Common English words that are also
 *       rare SQL keywords (TABLE, ORDER, GROUP, WITH, ON, ...) stay barewords on purpose.
 *   <li><b>Decision.</b> libinjection decides by looking the fingerprint up in a list of about 8,900 fingerprints
 *       harvested from attack samples. Bulwark neither ships nor derives from that list. Instead
 *       {@link FingerprintGrammar} describes injection shapes with a small grammar written from SQL syntax: the value
 *       first completes the application's operand (a number, a string broken out of, a name, a variable, maybe a
 *       closing parenthesis) and then adds SQL structure of its own (a boolean condition, UNION SELECT, a stacked
 *       statement, a truncating comment, ORDER BY, INTO OUTFILE, a function call...), or starts with such structure.
 *       Text fails because SQL never juxtaposes two operands, because a lone word is not a condition, and because
 *       keywords need operands. Five-token fingerprints are read as prefixes, shorter ones as complete sentences.
 *   <li><b>Very short shapes.</b> {@link ShortShapeCheck} re-expresses libinjection's published false-positive
 *       reduction for two- and three-token fingerprints ({@code 1 or 2} is text, {@code 1 or 1=1} is not).
 * </ul>
 *
 * <p>How the grammar was validated: ModSecurity's {@code @detectSQLi} vectors, the CRS regression tests of rules
 * 942100 and 942101, Bulwark's own attack and benign corpora (test resources of this package), and, during
 * development only and outside the repository, libinjection's public attack samples and false-positive samples,
 * CRS test payloads of other rule families, and English prose (licence texts, package changelogs). Decisions
 * therefore agree with libinjection on the common attack families but can differ on rare shapes in both
 * directions; for example a quoted lone keyword such as {@code "CASE"} is not flagged, and {@code 1 OR TRUE}, like
 * {@code 1 or 2}, is not either.
 *
 * <p>Everything here works on byte strings (one char per byte) with ASCII-only case folding, allocates little
 * (no regular expressions, no per-call compilation), and keeps no state between calls: the detector is thread-safe.
 */
package dev.bulwark.waf.internal.libinjection;
