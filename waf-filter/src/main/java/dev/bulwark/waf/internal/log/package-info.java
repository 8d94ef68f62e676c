/**
 * Internal: the ModSecurity-shaped error log lines written for rule matches, oversized bodies and engine failures.
 * Not part of the public API; may change without notice.
 */
package dev.bulwark.waf.internal.log;
