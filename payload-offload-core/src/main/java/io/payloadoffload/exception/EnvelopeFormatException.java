package io.payloadoffload.exception;

/**
 * Text or JSON that was read as a {@link io.payloadoffload.envelope.PayloadEnvelope} is not a valid
 * version-1 envelope. The message names the field at fault. The parser throws only this type,
 * whatever the input.
 */
public class EnvelopeFormatException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which field is wrong and why
   * @param cause the JSON parser's error, or {@code null}
   */
  public EnvelopeFormatException(String message, Throwable cause) {
    super(message, null, cause);
  }
}
