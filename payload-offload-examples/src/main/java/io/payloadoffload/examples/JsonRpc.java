package io.payloadoffload.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 message shapes and the error codes the example server uses. */
final class JsonRpc {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The text is not JSON. */
  static final int PARSE_ERROR = -32700;
  /** The JSON is not a JSON-RPC 2.0 request. */
  static final int INVALID_REQUEST = -32600;
  /** No such method. */
  static final int METHOD_NOT_FOUND = -32601;
  /** Unknown tool, or arguments of the wrong shape. */
  static final int INVALID_PARAMS = -32602;
  /** The server failed; the message is generic, the server log has the details. */
  static final int INTERNAL_ERROR = -32603;
  /** The result is larger than the payload limit or than the WebSocket message limit. */
  static final int RESULT_TOO_LARGE = -32001;
  /**
   * The store is unavailable and the result cannot be sent inline instead; the message is generic,
   * the server log has the details.
   */
  static final int STORE_UNAVAILABLE = -32002;

  /** The notification that carries a connection's session id. */
  static final String SESSION_NOTIFICATION = "notifications/session";
  /** The key in a tool result's {@code _meta} saying how the result travelled. */
  static final String DELIVERY_META = "io.payloadoffload/delivery";

  private JsonRpc() {}

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("jsonrpc", "2.0");
    n.set("id", id == null ? NullNode.getInstance() : id);
    n.set("result", result);
    return n;
  }

  static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("jsonrpc", "2.0");
    n.set("id", id == null ? NullNode.getInstance() : id);
    ObjectNode error = n.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    return n;
  }

  static ObjectNode notification(String method, JsonNode params) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("jsonrpc", "2.0");
    n.put("method", method);
    n.set("params", params);
    return n;
  }

  /**
   * The UTF-8 length of a text without encoding it, so a message can be checked against the
   * WebSocket limit before it is sent.
   */
  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
