package io.payloadoffload.benchmarks;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;

/**
 * The library's path: {@link PayloadOffloader} and {@link PayloadResolver} over
 * {@code PostgresPayloadStore}. Thread-safe.
 */
public final class LibraryPath implements StoragePath<PayloadEnvelope> {
  /** The session every benchmark payload belongs to. */
  public static final String SESSION = "bench-session";

  private static final OffloadContext CONTEXT = OffloadContext.of(SESSION, "static_analysis");

  private final String name;
  private final boolean json;
  private final PayloadOffloader offloader;
  private final PayloadResolver resolver;

  private LibraryPath(String name, boolean json, PayloadOffloader offloader, PayloadResolver resolver) {
    this.name = name;
    this.json = json;
    this.offloader = offloader;
    this.resolver = resolver;
  }

  /**
   * The path through {@link PayloadOffloader#offload(byte[], OffloadContext)}.
   *
   * @param offloader the offloader
   * @param resolver the resolver
   * @return the path
   */
  public static LibraryPath bytes(PayloadOffloader offloader, PayloadResolver resolver) {
    return new LibraryPath(Results.LIBRARY_BYTES, false, offloader, resolver);
  }

  /**
   * The path through {@link PayloadOffloader#offloadJson(Object, OffloadContext)}, which serializes
   * the document once; a binary payload goes through {@code offload(byte[])}.
   *
   * @param offloader the offloader
   * @param resolver the resolver
   * @return the path
   */
  public static LibraryPath json(PayloadOffloader offloader, PayloadResolver resolver) {
    return new LibraryPath(Results.LIBRARY_JSON, true, offloader, resolver);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PayloadEnvelope offload(Payload payload) {
    Delivery d = json && payload.isJson()
        ? offloader.offloadJson(payload.tree(), CONTEXT)
        : offloader.offload(payload.bytes(), CONTEXT);
    if (d.mode() != Delivery.Mode.REFERENCE) {
      throw new IllegalStateException(payload.label() + " was not stored: " + d);
    }
    return d.envelope();
  }

  @Override
  public byte[] resolve(PayloadEnvelope envelope) {
    return resolver.resolve(envelope, SESSION);
  }
}
