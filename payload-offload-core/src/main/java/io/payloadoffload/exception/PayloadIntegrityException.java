package io.payloadoffload.exception;

/**
 * The bytes read back do not match what was stored: the checksum or the size differs. The wrong
 * bytes are never returned.
 */
public class PayloadIntegrityException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** The expected checksum or size. */
  private final String expected;
  /** The actual checksum or size. */
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param payloadId the payload whose bytes are wrong
   * @param expected the checksum (or size) recorded when it was stored
   * @param actual the checksum (or size) of the bytes read back
   */
  public PayloadIntegrityException(String payloadId, String expected, String actual) {
    super("Payload " + payloadId + " failed its integrity check: expected " + expected + " but read "
        + actual + ". The stored copy is damaged; ask the sender to send it again.", payloadId, null);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * What the sender recorded.
   *
   * @return the expected checksum or size, as text
   */
  public String expected() {
    return expected;
  }

  /**
   * What was read back.
   *
   * @return the actual checksum or size, as text
   */
  public String actual() {
    return actual;
  }
}
