/**
 * Request-body parsers (JSON, XML, multipart/form-data), independent of the engine.
 *
 * <p>Internal API: not part of Bulwark's public contract and may change at any time.
 *
 * <p>All values handed out are "byte strings": every {@code char} is one request byte (U+0000..U+00FF). Each parser
 * is immutable and thread-safe; per-call state lives in the call. Limits are constructor parameters and a limit that is
 * exceeded is an explicit error, never a silent truncation.
 */
package dev.bulwark.waf.internal.body;
