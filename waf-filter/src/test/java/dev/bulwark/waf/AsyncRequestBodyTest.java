package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An async servlet that starts with {@code startAsync()} and reads the request from the async context on another
 * thread. The spec gives that context the container's own request, whose body the WAF has already read; the filter
 * must hand over its replaying request instead, with or without response inspection.
 */
class AsyncRequestBodyTest {

    static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    /** Answers the body (or, with {@code ?params}, the form parameters) read through the async context's request. */
    static final class AsyncReader extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) {
            boolean params = "params".equals(req.getQueryString());
            AsyncContext async = req.startAsync();
            WORKERS.execute(() -> {
                try {
                    String answer;
                    if (params) {
                        answer = async.getRequest().getParameter("name") + "|" + async.getRequest().getParameter("n");
                    } else {
                        try (InputStream in = async.getRequest().getInputStream()) {
                            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                    async.getResponse().setContentType("text/plain;charset=UTF-8");
                    async.getResponse().getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    ((HttpServletResponse) async.getResponse()).setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }

    static String post(WafServer server, String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    void check(String rules) throws Exception {
        try (WafServer server = new WafServer(new WafFilter(RuleSet.fromText(rules)), Map.of(),
                Map.of("/async", new AsyncReader()))) {
            assertEquals("{\"a\":\"caf\u00e9\"}", post(server, "/async", "application/json", "{\"a\":\"caf\u00e9\"}"));
            assertEquals("Ren\u00e9e|1", post(server, "/async?params", "application/x-www-form-urlencoded",
                    "name=Ren%C3%A9e&n=1&n=2"));
        }
    }

    @Test
    void bodyReadFromAsyncContextWhenResponsesAreNotInspected() throws Exception {
        check("SecRequestBodyAccess On\nSecRule ARGS \"@rx attack\" \"id:1,phase:2,deny\"");
    }

    @Test
    void bodyReadFromAsyncContextWhenResponsesAreInspected() throws Exception {
        check("SecRequestBodyAccess On\nSecResponseBodyAccess On\n"
                + "SecRule RESPONSE_BODY \"@rx ORA-[0-9]{5}\" \"id:2,phase:4,deny\"");
    }
}
