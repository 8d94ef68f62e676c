package dev.bulwark.waf.portability.ee10;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The application of the README's examples: answers {@code hello}. Public, so a web.xml can name it. */
public class HelloServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/plain");
        res.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    }
}
