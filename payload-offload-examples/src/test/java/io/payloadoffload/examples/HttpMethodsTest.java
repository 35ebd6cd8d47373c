package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.spi.PayloadHeader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET and HEAD are the methods of the HTTP side; HEAD tells what a GET would send, and sends none of it. */
class HttpMethodsTest {
  private static final int SIZE = FaultyServer.PAYLOAD_BYTES;
  @RegisterExtension
  static final FaultyServer running = new FaultyServer(OffloadConfig.defaults());

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void anotherMethodOnAPayloadGets405WithAnAllowHeader(String method) throws Exception {
    HttpResponse<byte[]> response = running.request(method);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index.html"})
  void anotherMethodOnThePageGets405WithAnAllowHeader(String page) throws Exception {
    HttpResponse<byte[]> response = Http.send(running.server, "POST", page, null, Http.PROMPT);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void headOnAPayloadGivesTheHeadersOfGetWithoutReadingTheStoredBytes() throws Exception {
    long readBefore = running.store.bytesRead();

    HttpResponse<byte[]> head = running.request("HEAD");

    assertThat(running.store.bytesRead()).as("stored bytes read for HEAD").isEqualTo(readBefore);
    HttpResponse<byte[]> get = Http.get(running.server, running.path, running.client.sessionId());
    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
    for (String header : List.of("Content-Length", "Content-Type", "Cache-Control",
        PayloadServlet.CHECKSUM_HEADER)) {
      assertThat(head.headers().firstValue(header)).as(header).isPresent().isEqualTo(get.headers().firstValue(header));
    }
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
  }

  @Test
  void headOnAPayloadSendsNoBody() throws Exception {
    String answer = rawHead(running.path, running.client.sessionId());

    assertThat(answer).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-Length: " + SIZE + "\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void headOnThePageGivesItsHeadersAndNoBody() throws Exception {
    HttpResponse<byte[]> get = Http.get(running.server, "/", null);

    String answer = rawHead("/", null);

    assertThat(answer).startsWith("HTTP/1.1 200 ")
        .containsIgnoringCase("Content-Length: " + get.body().length + "\r\n")
        .containsIgnoringCase("Content-Type: text/html;charset=utf-8\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void headAnswersEveryRefusalWithTheStatusOfGetAndNoBody() throws Exception {
    String forged = "/payloads/" + PayloadHeader.ID_PREFIX + "0123456789abcdef0123456789abcdef";
    try (ToolClient other = ToolClient.connect(running.server.webSocketUri())) {
      List<String[]> refused = List.of(new String[] {running.path, other.sessionId()},
          new String[] {forged, running.client.sessionId()},
          new String[] {"/payloads/txn_123", running.client.sessionId()}, new String[] {running.path, null},
          new String[] {"/nothing", null});
      for (String[] request : refused) {
        int status = Http.send(running.server, "GET", request[0], request[1], Http.PROMPT).statusCode();

        String answer = rawHead(request[0], request[1]);

        assertThat(status).as("GET %s", request[0]).isIn(400, 401, 404);
        assertThat(answer).as("HEAD %s", request[0]).startsWith("HTTP/1.1 " + status + " ").endsWith("\r\n\r\n");
      }
    }
  }

  /**
   * Sends a HEAD request on a fresh connection that the server closes after its answer, and returns
   * all the server sent: anything after the headers would be a body.
   */
  private static String rawHead(String target, String bearer) throws Exception {
    String request = "HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", running.server.port())) {
      socket.setSoTimeout((int) Http.PROMPT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
