package io.payloadoffload.internal.concurrent;

/**
 * Switches for the pipeline's fast paths, so that a benchmark can measure each one on and off side by
 * side (the benchmarks module's {@code FastPathComparison} does). Each is read once, when this class
 * loads, from a system property named {@value #PREFIX} plus the switch's name, and is on unless that
 * property is {@code false}. Not an API and not a setting: a fast path stays only while the benchmark
 * shows a gain, and its switch goes with it.
 */
public final class FastPaths {
  /** The prefix of the system properties: {@value}. */
  public static final String PREFIX = "payloadoffload.internal.fastpath.";

  /**
   * {@link BackgroundPass} hands its pass to a pool thread ({@code backgroundPass}); when off, the
   * producer runs the whole pass itself when it finishes, as with a single processor.
   */
  public static final boolean BACKGROUND_PASS = enabled("backgroundPass");

  /**
   * The offloader checksums a byte array, and the resolver a decoded payload, in a
   * {@code ParallelChecksum} that follows the other pass ({@code parallelChecksum}); when off, the
   * checksum runs on the calling thread after it.
   */
  public static final boolean PARALLEL_CHECKSUM = enabled("parallelChecksum");

  /**
   * {@code offloadJson} serializes into a {@code SerializedJson} that compresses and checksums while
   * serializing ({@code serializedJson}); when off, it serializes to a byte array and takes the path of
   * {@code offload(byte[])}.
   */
  public static final boolean SERIALIZED_JSON = enabled("serializedJson");

  /**
   * {@code resolve} collects the stored bytes into an array and decodes that array with
   * {@code ArrayDecoding} ({@code arrayDecoding}); when off, it reads the stream pipeline of
   * {@code openStream} into an array.
   */
  public static final boolean ARRAY_DECODING = enabled("arrayDecoding");

  private FastPaths() {}

  private static boolean enabled(String name) {
    return !"false".equalsIgnoreCase(System.getProperty(PREFIX + name));
  }
}
