/**
 * Bulwark's command line ({@link dev.bulwark.waf.cli.Main}): {@code explain} turns an incident id into the reason for a
 * block and the narrowest exclusion as SecLang; {@code tune} proposes exclusions from a whole JSON audit log and, with
 * {@code --verify}, replays the logged requests through the rules without and with them. Reads the audit log format
 * of {@code src/site/markdown/audit-log.md}; the walk-through is {@code src/site/markdown/tuning.md}. Public:
 * {@code Main}, and {@link dev.bulwark.waf.cli.IncidentReport}, the explanation of one audit log line for programs that
 * show it themselves (the demo's incidents page).
 */
package dev.bulwark.waf.cli;
