package dev.bulwark.waf.internal.log;

/**
 * The request context closing every log line.
 *
 * @param hostname the server name the client asked for (byte string, escaped when written)
 * @param uri the request path as sent, still %-encoded (byte string, escaped when written)
 * @param uniqueId the incident id ({@code UNIQUE_ID})
 */
public record RequestInfo(String hostname, String uri, String uniqueId) {}
