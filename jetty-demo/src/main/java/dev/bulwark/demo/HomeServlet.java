package dev.bulwark.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /}: a page explaining the demo, with links and forms that send benign and malicious requests. */
public final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Bulwark demo</title></head>
            <body>
            <h1>Bulwark demo</h1>
            <p>This small application runs behind <code>dev.bulwark.waf.WafFilter</code>, a web application firewall
            inside the servlet container. Requests the rules consider attacks get <b>403</b> with an incident id;
            the same id is in the server log line that explains the decision.</p>

            <h2>Benign requests (pass)</h2>
            <ul>
              <li><a href="/?q=select+a+product">/?q=select a product</a></li>
              <li><a href="/?name=O%27Brien">/?name=O'Brien</a></li>
            </ul>

            <h2>Attacks (blocked)</h2>
            <ul>
              <li><a href="/?id=1%27%20or%201%3D1--">SQL injection: /?id=1' or 1=1--</a></li>
              <li><a href="/?q=1%20union%20select%20password%20from%20users">SQL injection: union select</a></li>
              <li><a href="/?q=%3Cscript%3Ealert(1)%3C/script%3E">XSS: &lt;script&gt;</a></li>
              <li><a href="/?file=..%2F..%2Fetc%2Fpasswd">Path traversal: ../../etc/passwd</a></li>
            </ul>

            <h2>Form (POST /post echoes the fields)</h2>
            <form method="post" action="/post">
              <input name="name" value="O'Brien"> <input name="comment" value="drop us a line">
              <button>Send</button>
            </form>

            <h2>Upload (POST /upload reports part names and sizes)</h2>
            <form method="post" action="/upload" enctype="multipart/form-data">
              <input type="file" name="file"> <button>Upload</button>
            </form>

            <p>JSON: <code>curl -H 'Content-Type: application/json' -d '{"a":1}' http://HOST/api/echo</code></p>
            <p>Response rules: <code>curl -H 'Content-Type: application/json' -d '{"body":"text to answer"}'
              http://HOST/reflect</code> answers with that body (and optional "status" and "headers").</p>
            </body>
            </html>
            """;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
}
