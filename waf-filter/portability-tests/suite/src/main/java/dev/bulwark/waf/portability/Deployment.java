package dev.bulwark.waf.portability;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to deploy, container-neutral: filters (mapped to {@code /*}, in this order) and servlets with their mappings.
 * Built once, then read by a {@link ServletContainer}.
 */
public final class Deployment {

    /** A filter instance, its name and init-params. */
    public record FilterEntry(String name, Filter filter, Map<String, String> initParams) {}

    /** A servlet instance, its name and its URL pattern. */
    public record ServletEntry(String name, HttpServlet servlet, String mapping) {}

    private final List<FilterEntry> filters = new ArrayList<>();
    private final List<ServletEntry> servlets = new ArrayList<>();

    public Deployment filter(String name, Filter filter, Map<String, String> initParams) {
        filters.add(new FilterEntry(name, filter, new LinkedHashMap<>(initParams)));
        return this;
    }

    public Deployment servlet(String name, HttpServlet servlet, String mapping) {
        servlets.add(new ServletEntry(name, servlet, mapping));
        return this;
    }

    public List<FilterEntry> filters() {
        return List.copyOf(filters);
    }

    public List<ServletEntry> servlets() {
        return List.copyOf(servlets);
    }
}
