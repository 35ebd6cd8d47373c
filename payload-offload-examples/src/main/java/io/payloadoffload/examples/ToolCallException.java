package io.payloadoffload.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.payloadoffload.exception.PayloadOffloadException;
import java.util.Optional;

/**
 * The server answered a call with a JSON-RPC error: an unknown method or tool, bad arguments, a
 * result too large for the limits ({@code -32001}), or a store that is down while the result is too
 * large to send inline ({@code -32002}). The connection stays usable.
 */
public class ToolCallException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** The JSON-RPC error code. */
  private final int code;
  /** The error's {@code data} member; not serialized. */
  private final transient JsonNode data;

  /**
   * Creates the exception.
   *
   * @param code the JSON-RPC error code
   * @param message the server's message
   * @param data the error's {@code data} member, or {@code null}
   */
  public ToolCallException(int code, String message, JsonNode data) {
    super("The server answered with JSON-RPC error " + code + ": " + message, null, null);
    this.code = code;
    this.data = data;
  }

  /**
   * The JSON-RPC error code, such as {@code -32601} (method not found) or {@code -32001} (result too
   * large).
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * The error's {@code data} member; for {@code -32001} it holds {@code size_bytes} and
   * {@code limit_bytes}.
   *
   * @return the data, or empty
   */
  public Optional<JsonNode> data() {
    return Optional.ofNullable(data);
  }
}
