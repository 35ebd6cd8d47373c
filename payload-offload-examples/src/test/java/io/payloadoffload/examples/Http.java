package io.payloadoffload.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests against a running example server. */
final class Http {
  /**
   * How long a test waits for an answer that needs no large transfer: a few seconds, far more than a
   * healthy server takes, far less than a request that hangs.
   */
  static final Duration PROMPT = Duration.ofSeconds(5);
  private static final Duration TRANSFER = Duration.ofSeconds(60);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  static HttpResponse<byte[]> get(ExampleServer server, String path, String bearer) throws Exception {
    return send(server, "GET", path, bearer, TRANSFER);
  }

  static HttpResponse<byte[]> send(ExampleServer server, String method, String path, String bearer,
      Duration timeout) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUri() + path.substring(1)))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(timeout);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String call(int id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + arguments + "}}";
  }
}
