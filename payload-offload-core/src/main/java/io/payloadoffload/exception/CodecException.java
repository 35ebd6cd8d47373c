package io.payloadoffload.exception;

/**
 * Compressing or decompressing failed: the stored bytes are corrupt, or decompression would have
 * produced more bytes than the payload's declared size (a decompression bomb). Output past the
 * declared size is never allocated.
 */
public class CodecException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param payloadId the payload involved, or {@code null}
   * @param cause the codec's error, or {@code null}
   */
  public CodecException(String message, String payloadId, Throwable cause) {
    super(message, payloadId, cause);
  }
}
