package io.payloadoffload.examples;

import io.payloadoffload.Delivery;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.Optional;

/**
 * A tool's full output as {@link ToolClient} received it, and how it travelled. Immutable and
 * thread-safe.
 */
public final class ToolResult {
  private final String text;
  private final Delivery.Mode mode;
  private final PayloadEnvelope envelope;
  private final long messageBytes;
  private final long fetchedBytes;
  private final Duration elapsed;

  ToolResult(String text, Delivery.Mode mode, PayloadEnvelope envelope, long messageBytes,
      long fetchedBytes, Duration elapsed) {
    this.text = text;
    this.mode = mode;
    this.envelope = envelope;
    this.messageBytes = messageBytes;
    this.fetchedBytes = fetchedBytes;
    this.elapsed = elapsed;
  }

  /**
   * The tool's output: the inline text, or the fetched and verified payload decoded as UTF-8.
   *
   * @return the full text
   */
  public String text() {
    return text;
  }

  /**
   * How the output travelled: inline, by reference (an envelope, then an HTTP fetch), or inline as a
   * fallback because the server's store was unavailable.
   *
   * @return the mode
   */
  public Delivery.Mode mode() {
    return mode;
  }

  /**
   * The envelope received in place of the output, for {@link Delivery.Mode#REFERENCE}.
   *
   * @return the envelope, or empty for the inline modes
   */
  public Optional<PayloadEnvelope> envelope() {
    return Optional.ofNullable(envelope);
  }

  /**
   * The size of the WebSocket reply, in UTF-8 bytes.
   *
   * @return bytes
   */
  public long messageBytes() {
    return messageBytes;
  }

  /**
   * The size of the HTTP body fetched for a reference.
   *
   * @return bytes; 0 for the inline modes
   */
  public long fetchedBytes() {
    return fetchedBytes;
  }

  /**
   * From sending the call to holding the verified output.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return "ToolResult{mode=" + mode + ", textLength=" + text.length() + ", messageBytes=" + messageBytes
        + ", fetchedBytes=" + fetchedBytes + ", elapsed=" + elapsed + "}";
  }
}
