package io.payloadoffload.codec;

import java.util.Locale;
import java.util.Optional;

/** The compression applied to stored bytes, named as it appears in the envelope. */
public enum Compression {
  /** Zstandard (the default), through zstd-jni. */
  ZSTD("zstd"),
  /** gzip (RFC 1952), through the JDK; what the original deployment used. */
  GZIP("gzip"),
  /** Stored as is. Also recorded when compressing would not shrink the payload. */
  NONE("none");

  private final String wireName;

  Compression(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name used in the envelope's {@code compression} field and in {@code MESSAGE_BUS_COMPRESSION}.
   *
   * @return {@code zstd}, {@code gzip} or {@code none}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Looks up a compression by its wire name, ignoring case.
   *
   * @param name the name, may be {@code null}
   * @return the compression, or empty when the name is unknown
   */
  public static Optional<Compression> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Compression c : values()) {
      if (c.wireName.equals(n)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
