package io.payloadoffload.internal.pipeline;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Generates transaction ids: {@code txn_} plus 128 random bits from {@link SecureRandom} in hex. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  /**
   * A new random id.
   *
   * @return {@code txn_} plus 32 lowercase hex digits
   */
  public static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "txn_" + HEX.formatHex(bytes);
  }
}
