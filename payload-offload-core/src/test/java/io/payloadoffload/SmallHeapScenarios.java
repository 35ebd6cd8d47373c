package io.payloadoffload;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Scenarios run by {@link SmallHeapJvm}: each prints one line {@code <name> -> <what happened>}, and
 * the JVM exits with 3 if any ran out of memory.
 */
public final class SmallHeapScenarios {
  static final long TWO_GB = 2_000_000_000L;

  private SmallHeapScenarios() {}

  /**
   * Runs the scenarios named by the arguments.
   *
   * @param args {@code envelope} or {@code resolver}
   */
  public static void main(String[] args) {
    for (String name : args) {
      try {
        if (name.equals("envelope")) {
          envelope();
        } else {
          resolver();
        }
      } catch (OutOfMemoryError e) {
        System.out.println(name + " -> OutOfMemoryError");
        System.exit(3);
      }
    }
  }

  /**
   * About 10 MB of envelope text: 600,000 unknown fields around a valid envelope.
   *
   * @return the text
   */
  public static String hugeEnvelope() {
    String valid = new PayloadEnvelope("txn_" + "ab".repeat(16), 5, java.util.Optional.empty(),
        java.util.Optional.empty(), 5, io.payloadoffload.codec.Compression.NONE, java.util.Optional.empty(),
        "application/octet-stream", java.time.Instant.EPOCH, java.time.Instant.EPOCH).toJson();
    StringBuilder b = new StringBuilder(10_500_000).append(valid, 0, valid.length() - 1);
    for (int i = 0; i < 600_000; i++) {
      b.append(",\"unknown_").append(i).append("\":0");
    }
    return b.append('}').toString();
  }

  private static void envelope() {
    String text = hugeEnvelope();
    System.out.println("isEnvelope -> " + PayloadEnvelope.isEnvelope(text));
    System.out.println("parse -> " + outcome(() -> PayloadEnvelope.parse(text)));
  }

  private static void resolver() {
    InMemoryPayloadStore store = new InMemoryPayloadStore();
    PayloadEnvelope env;
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(0).build()).build()) {
      env = offloader.offload("hello, world!!\n".getBytes(StandardCharsets.UTF_8), OffloadContext.of("s", "t"))
          .envelope();
    }
    scenario("storedSize2e9Max1MiB", store, env, r -> r.storedSizeBytes(TWO_GB), 1_048_576L);
    scenario("originalSize2e9", store, env, r -> r.originalSizeBytes(TWO_GB), Long.MAX_VALUE);
    scenario("bothSizes2e9", store, env, r -> r.originalSizeBytes(TWO_GB).storedSizeBytes(TWO_GB), Long.MAX_VALUE);
    scenario("bothSizes2e9Zstd", store, env,
        r -> r.compression("zstd").originalSizeBytes(TWO_GB).storedSizeBytes(TWO_GB), Long.MAX_VALUE);
  }

  private static void scenario(String name, PayloadStore store, PayloadEnvelope env,
      UnaryOperator<PayloadRecord.Builder> lie, long maxPayloadBytes) {
    PayloadEnvelope forged = PayloadEnvelope.of(
        lie.apply(store.open(env.transactionId()).orElseThrow().record().toBuilder()).build());
    try (PayloadResolver r = PayloadResolver.builder().store(TestStores.rewriting(store, lie))
        .maxPayloadBytes(maxPayloadBytes).build()) {
      System.out.println(name + " openStreamById -> " + outcome(() -> {
        try (PayloadStream in = r.openStreamById(env.transactionId(), "s")) {
          return in.readAllBytes().length + " bytes";
        }
      }));
      System.out.println(name + " resolve -> " + outcome(() -> r.resolve(forged, "s").length + " bytes"));
    }
  }

  private static String outcome(java.util.concurrent.Callable<?> call) {
    try {
      return "returned " + call.call();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Exception e) {
      return e.getClass().getSimpleName();
    }
  }
}
