package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.body.MultipartResult;
import dev.bulwark.waf.internal.body.XmlDocument;

/**
 * What the client sent, as byte strings (one char per byte), parsed once per transaction. Filled by the transaction
 * in phase order: connection and request line, headers (phase 1), body (phase 2).
 */
final class RequestData {

    String remoteAddr = "";
    int remotePort;
    String serverAddr = "";
    String serverName = "";
    int serverPort;

    String method = "";
    /** The request target exactly as sent (origin-form, absolute-form, ...). */
    String uriRaw = "";
    /** The request target without scheme and authority. */
    String uri = "";
    String protocol = "";
    String requestLine = "";
    /** Path part of the target (no query string), not decoded. */
    String filename = "";
    String basename = "";
    /** The query string without '?', or null when the target has none. */
    String queryString;

    final KeyValues headers = new KeyValues();
    final KeyValues cookies = new KeyValues();
    final KeyValues argsGet = new KeyValues();
    final KeyValues argsPost = new KeyValues();

    /** The raw body (byte string), or null when there is none or it was not read. */
    String body;
    long bodyLength;
    String bodyProcessor;
    boolean bodyError;
    String bodyErrorMessage = "";
    boolean urlEncodingInvalid;
    /** The multipart parse (MULTIPART_*, FILES*), or null when the body was not multipart. */
    MultipartResult multipart;
    /** The parsed XML body (XML:xpath), or null. */
    XmlDocument xml;

    // The response, for phases 3 and 4.
    int responseStatus;
    String responseProtocol = "";
    final KeyValues responseHeaders = new KeyValues();
    /** The response body seen by phase 4 (byte string), or null when not inspected. */
    String responseBody;
}
