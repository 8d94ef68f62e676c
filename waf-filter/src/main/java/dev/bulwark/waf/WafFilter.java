package dev.bulwark.waf;

import dev.bulwark.waf.internal.audit.AuditLog;
import dev.bulwark.waf.internal.servlet.InitParams;
import dev.bulwark.waf.internal.servlet.Inspection;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The web application firewall as a servlet filter: every request is inspected by the rules before it reaches the
 * application, and blocked, dropped or redirected when they say so. Blocked requests get a short page (or JSON, for
 * clients that accept it) naming only an incident id, which is also sent as the {@code X-Bulwark-Incident} header and
 * written in every log line of the request. Rule matches are logged through {@link System.Logger} {@code
 * dev.bulwark.waf} in the shape of ModSecurity's error log.
 *
 * <p>Configured in {@code web.xml} (or any container's filter registration) with these init-params:
 * <dl>
 * <dt>{@code rules} (required)</dt>
 * <dd>One or more rule sources, separated by commas or newlines, loaded in order: a file, a directory (its
 * {@code *.conf} files in name order), a glob such as {@code /etc/bulwark/rules/*.conf}, or a class path resource
 * {@code classpath:bulwark/base.conf} (found through the web application's class loader). Relative paths resolve
 * against the process's working directory. A glob cannot contain a comma.</dd>
 * <dt>{@code engineMode}</dt>
 * <dd>{@code On}, {@code Off} or {@code DetectionOnly} (rules run and log, nothing is blocked); overrides
 * {@code SecRuleEngine} in the rules.</dd>
 * <dt>{@code requestBodyLimit}</dt>
 * <dd>The largest request body inspected, in bytes; overrides {@code SecRequestBodyLimit}. What happens beyond it is
 * {@code SecRequestBodyLimitAction}: {@code Reject} answers 413, {@code ProcessPartial} inspects the first bytes and
 * still passes the whole body to the application.</dd>
 * <dt>{@code requestBodyAccess}</dt>
 * <dd>{@code On} or {@code Off}: whether request bodies are read and inspected; overrides
 * {@code SecRequestBodyAccess}.</dd>
 * <dt>{@code failMode}</dt>
 * <dd>{@code closed} (default): when the engine itself fails, answer 500 with a page naming the incident id;
 * {@code open}: log the failure and pass the request on.</dd>
 * <dt>{@code auditLog}</dt>
 * <dd>a file for the JSON audit log (one line per relevant transaction); overrides {@code SecAuditLog}.</dd>
 * <dt>{@code auditEngine}</dt>
 * <dd>{@code On}, {@code Off} or {@code RelevantOnly}; overrides {@code SecAuditEngine}.</dd>
 * </dl>
 * An invalid value, or rules that do not load, make {@link #init} throw a {@link ServletException} naming the
 * parameter or listing every rule error with its file:line, so the container does not start the application
 * unprotected.
 *
 * <p>For embedded use (Spring Boot, embedded Jetty) construct it around a compiled rule set:
 * {@code new WafFilter(RuleSet.compile(config))}; init-params are then ignored, and the audit log is the one the
 * rule set's configuration names (opened when the container calls {@link #init}).
 *
 * <p>When a body is inspected, the application gets a request that replays it byte for byte ({@code getInputStream},
 * {@code getReader}) and parses parameters from the query string, form bodies and multipart fields itself, decoding
 * with the request's character encoding (UTF-8 when it names none); {@code getParts()} parses the held body with the
 * multipart parser the rules saw it through, under the servlet's multipart configuration. Bodies are held in memory
 * up to {@code SecRequestBodyInMemoryLimit} and spooled past it to an owner-only temporary file, deleted when the
 * request ends. See the configuration guide, section "Request bodies and limits".
 *
 * <p>When the rules look at responses (phase 3 or 4 rules, or {@code SecResponseBodyAccess On}), the application
 * writes to a response that runs phase 3 where the container would commit it and, for the MIME types of
 * {@code SecResponseBodyMimeType}, holds the body (up to {@code SecResponseBodyLimit}) for phase 4 before sending it
 * or the block page. Async requests pass through uninspected on the response side. See the configuration guide,
 * section "Response inspection".
 */
public final class WafFilter implements Filter {

    /** Swapped whole (never mutated) so a reload can replace it while requests finish on the old one. */
    private volatile RuleSet ruleSet;
    /** The audit log of {@link #ruleSet}'s configuration; opened in {@link #init}, closed in {@link #destroy}. */
    private volatile AuditLog audit = AuditLog.disabled();

    /** For containers: configured by init-params in {@link #init}. */
    public WafFilter() {}

    /** For embedded use: runs {@code ruleSet}; init-params are ignored. */
    public WafFilter(RuleSet ruleSet) {
        this.ruleSet = Objects.requireNonNull(ruleSet, "ruleSet");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (ruleSet == null) {
            WafConfig wafConfig = InitParams.toConfig(config::getInitParameter);
            try {
                ruleSet = RuleSet.compile(wafConfig);
            } catch (RuleLoadException e) {
                throw new ServletException("Bulwark WafFilter '" + config.getFilterName() + "': " + e.getMessage(),
                        e);
            }
        }
        try {
            String server = config.getServletContext() == null ? "a servlet container"
                    : config.getServletContext().getServerInfo();
            audit = AuditLog.open(ruleSet, "Bulwark WafFilter on " + server);
        } catch (IOException e) {
            throw new ServletException("Bulwark WafFilter '" + config.getFilterName() + "': cannot open the audit log: "
                    + e.getMessage(), e);
        }
    }

    /** Drains and closes the audit log (its writer thread must not outlive a redeployment). */
    @Override
    public void destroy() {
        audit.close();
        audit = AuditLog.disabled();
    }

    /** The rule set in use, or null before {@link #init}. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        RuleSet rules = ruleSet;
        if (rules == null) {
            throw new ServletException("Bulwark WafFilter was not initialised");
        }
        Inspection inspection = new Inspection(rules, req, res, IncidentIds::next, audit);
        try {
            HttpServletRequest forward = inspection.inspect();
            if (forward != null) {
                chain.doFilter(forward, inspection.response());
                inspection.completeResponse();
            }
        } finally {
            inspection.finish();
        }
    }
}
