package io.payloadoffload.examples;

import io.payloadoffload.http.PayloadServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Everything of the example's HTTP side but the payloads: {@code GET /} (and {@code /index.html}) serves
 * the browser page; {@code HEAD} answers with the same headers and no body; another method gets 405
 * with an {@code Allow} header; any other path gets 404. Errors are the container's own error pages.
 */
final class PageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final byte[] page = readPage();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean head = "HEAD".equals(request.getMethod());
    if (!path.equals("/") && !path.equals("/index.html")) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!head && !"GET".equals(request.getMethod())) {
      response.setHeader("Allow", PayloadServlet.ALLOWED_METHODS);
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(page.length);
    if (!head) {
      response.getOutputStream().write(page);
    }
  }

  private static byte[] readPage() {
    try (InputStream in = PageServlet.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html is missing from the classpath next to "
            + PageServlet.class.getName() + "; rebuild the module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("index.html could not be read", e);
    }
  }
}
