package io.payloadoffload;

import io.payloadoffload.envelope.PayloadEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PayloadOffloader} decided for one payload: send it inline, send an envelope in its
 * place, or send it inline because the store was unavailable. Immutable and thread-safe.
 */
public final class Delivery {

  /** How the payload travels. */
  public enum Mode {
    /** The payload is small enough: send its bytes as they are. */
    INLINE,
    /** The payload was stored: send {@link #envelope()} in its place. */
    REFERENCE,
    /** The store was unavailable: send the bytes inline; {@link #fallbackCause()} says why. */
    FALLBACK_INLINE
  }

  private final Mode mode;
  private final byte[] bytes;
  private final PayloadEnvelope envelope;
  private final Throwable cause;
  private final long payloadSizeBytes;

  private Delivery(Mode mode, byte[] bytes, PayloadEnvelope envelope, Throwable cause, long size) {
    this.mode = mode;
    this.bytes = bytes;
    this.envelope = envelope;
    this.cause = cause;
    this.payloadSizeBytes = size;
  }

  /**
   * An inline delivery.
   *
   * @param bytes the payload; not copied, so do not change it afterwards
   * @return the delivery
   */
  public static Delivery inline(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Delivery(Mode.INLINE, bytes, null, null, bytes.length);
  }

  /**
   * A reference delivery.
   *
   * @param envelope the envelope to send
   * @return the delivery
   */
  public static Delivery reference(PayloadEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return new Delivery(Mode.REFERENCE, null, envelope, null, envelope.payloadSizeBytes());
  }

  /**
   * A fallback delivery.
   *
   * @param bytes the payload; not copied
   * @param cause why the store was not used
   * @return the delivery
   */
  public static Delivery fallback(byte[] bytes, Throwable cause) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(cause, "cause");
    return new Delivery(Mode.FALLBACK_INLINE, bytes, null, cause, bytes.length);
  }

  /**
   * How the payload travels.
   *
   * @return the mode
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Whether the payload's own bytes travel ({@link Mode#INLINE} or {@link Mode#FALLBACK_INLINE}).
   *
   * @return {@code true} unless the mode is {@link Mode#REFERENCE}
   */
  public boolean isInline() {
    return mode != Mode.REFERENCE;
  }

  /**
   * The payload's bytes, for the inline modes.
   *
   * @return the bytes (the array itself, not a copy)
   * @throws IllegalStateException if the mode is {@link Mode#REFERENCE}
   */
  public byte[] inlineBytes() {
    if (bytes == null) {
      throw new IllegalStateException("a REFERENCE delivery has no inline bytes; send envelope()");
    }
    return bytes;
  }

  /**
   * The envelope, for {@link Mode#REFERENCE}.
   *
   * @return the envelope
   * @throws IllegalStateException if the mode is inline
   */
  public PayloadEnvelope envelope() {
    if (envelope == null) {
      throw new IllegalStateException("an " + mode + " delivery has no envelope; send inlineBytes()");
    }
    return envelope;
  }

  /**
   * Why the store was not used, for {@link Mode#FALLBACK_INLINE}.
   *
   * @return the store error or breaker rejection, or empty for the other modes
   */
  public Optional<Throwable> fallbackCause() {
    return Optional.ofNullable(cause);
  }

  /**
   * The original payload's size.
   *
   * @return bytes
   */
  public long payloadSizeBytes() {
    return payloadSizeBytes;
  }

  /**
   * What to put in a text message: the payload decoded as UTF-8 for the inline modes, or the
   * envelope's JSON for a reference.
   *
   * @return the text to send
   */
  public String transportText() {
    return bytes != null ? new String(bytes, StandardCharsets.UTF_8) : envelope.toJson();
  }

  @Override
  public String toString() {
    return "Delivery{mode=" + mode + ", payloadSizeBytes=" + payloadSizeBytes
        + (envelope != null ? ", id=" + envelope.transactionId() : "")
        + (cause != null ? ", cause=" + cause : "") + "}";
  }
}
