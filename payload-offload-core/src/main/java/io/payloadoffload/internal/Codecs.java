package io.payloadoffload.internal;

import io.payloadoffload.codec.Codec;
import io.payloadoffload.codec.Compression;

/** Placeholder replaced by the codec implementations. */
public final class Codecs {
  private Codecs() {}

  /**
   * The codec for a compression.
   *
   * @param compression the algorithm
   * @param level the level
   * @return the codec
   */
  public static Codec of(Compression compression, int level) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
