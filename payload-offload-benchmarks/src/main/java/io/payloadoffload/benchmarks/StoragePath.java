package io.payloadoffload.benchmarks;

/**
 * One way of storing a payload in PostgreSQL and reading it back. Implementations are thread-safe.
 *
 * @param <H> what the sender hands the receiver: an envelope or a row id
 */
public interface StoragePath<H> {

  /**
   * How the report names this path.
   *
   * @return a short name
   */
  String name();

  /**
   * Stores a payload.
   *
   * @param payload the payload
   * @return the handle to read it back with
   */
  H offload(Payload payload);

  /**
   * Reads a stored payload back.
   *
   * @param handle what {@link #offload} returned
   * @return the original bytes
   */
  byte[] resolve(H handle);
}
