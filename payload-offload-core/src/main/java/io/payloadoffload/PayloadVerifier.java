package io.payloadoffload;

import io.payloadoffload.exception.PayloadIntegrityException;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.internal.integrity.VerifyingInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * Checks original payload bytes against their envelope: exactly {@code payload_size_bytes} bytes,
 * and, when the envelope has a {@code checksum}, the same checksum. For clients that fetch the bytes
 * themselves, for example over an application's HTTP endpoint, instead of through
 * {@link PayloadResolver} (which already verifies everything it returns).
 *
 * <p>The bytes checked are always the original, decompressed ones, as the envelope's checksum covers
 * them (see {@code docs/envelope.md}). An envelope without a checksum is checked for size only.
 *
 * <pre>{@code
 * try (InputStream body = PayloadVerifier.verifying(envelope, response.body())) {
 *   body.transferTo(out); // throws PayloadIntegrityException at the end if the bytes are wrong
 * }
 * }</pre>
 *
 * <p>This class has only static methods and is thread-safe; each stream it returns is not.
 */
public final class PayloadVerifier {
  private PayloadVerifier() {}

  /**
   * Checks a whole payload held in memory.
   *
   * @param envelope the payload's envelope
   * @param bytes the original bytes
   * @throws PayloadIntegrityException if the length differs from {@code payload_size_bytes} or the
   *     checksum differs from {@code checksum}; the exception names the expected and actual values
   * @throws NullPointerException if an argument is null
   */
  public static void verify(PayloadEnvelope envelope, byte[] bytes) {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(bytes, "bytes");
    VerifyingInputStream.verify(envelope.transactionId(), envelope.payloadSizeBytes(),
        envelope.checksum().orElse(null), bytes);
  }

  /**
   * Wraps a stream of original bytes so that it checks them as they pass. The stream returns the
   * bytes unchanged, as they arrive, and:
   * <ul>
   *   <li>throws {@link PayloadIntegrityException} from {@code read} as soon as more than
   *       {@code payload_size_bytes} bytes have arrived;</li>
   *   <li>at the end of {@code in}, throws {@link PayloadIntegrityException} instead of reporting the
   *       end when fewer bytes arrived or the checksum differs, so a consumer that reads to the end
   *       never mistakes a damaged payload for a complete one.</li>
   * </ul>
   * Nothing is verified until the end is read: a caller that stops early has checked nothing, and
   * must discard what it read when a read throws. {@code skip} reads the skipped bytes through the
   * checksum; mark and reset are not supported. Closing the returned stream closes {@code in}.
   * Errors of {@code in} itself pass through unchanged. Not thread-safe.
   *
   * @param envelope the payload's envelope
   * @param in the original bytes, for example an HTTP response body
   * @return a stream of the same bytes that verifies them at its end
   * @throws NullPointerException if an argument is null
   */
  public static InputStream verifying(PayloadEnvelope envelope, InputStream in) {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(in, "in");
    return new VerifyingInputStream(in, envelope.transactionId(), envelope.payloadSizeBytes(),
        envelope.checksum().orElse(null), () -> { });
  }
}
