/**
 * Internal: the servlet side of {@link dev.bulwark.waf.WafFilter}: the per-request inspection flow, request body
 * buffering and exact replay, form parameter parsing over the replayed body, response inspection (phase 3 where the
 * container would commit, the body held for phase 4), and the block responses. Not part of the public API; may change
 * without notice.
 */
package dev.bulwark.waf.internal.servlet;
