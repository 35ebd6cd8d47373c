package io.payloadoffload;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the resolver does with bad data from its store: damaged records, lying sizes, stores that
 * break the SPI's error contract. Every resolve path must answer with a documented exception.
 */
class ResolverBadStoreDataTest {
  private static final Instant T0 = Instant.parse("2026-11-26T20:00:00Z");
  /** A payload whose bytes must never appear in an error message. */
  private static final String SECRET = "SECRET-PAYLOAD-TEXT-0123456789-".repeat(40);
  private static final String DRIVER_TEXT = "bound parameter \\x5345435245542d";

  private final InMemoryPayloadStore store = new InMemoryPayloadStore();
  private final PayloadEnvelope zstd = offload(Compression.ZSTD);
  private final PayloadEnvelope none = offload(Compression.NONE);

  private PayloadEnvelope offload(Compression c) {
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC))
        .config(OffloadConfig.builder().thresholdBytes(10).ttl(Duration.ofHours(1)).compression(c).build()).build()) {
      return offloader.offload(SECRET.getBytes(StandardCharsets.UTF_8), OffloadContext.of("s", "t")).envelope();
    }
  }

  private static PayloadResolver resolver(PayloadStore store) {
    return PayloadResolver.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  /** Every way to resolve, each reading to the end; the envelope is the one the sender sent. */
  private static Map<String, Function<PayloadResolver, Object>> paths(PayloadEnvelope env) {
    Map<String, Function<PayloadResolver, Object>> paths = new LinkedHashMap<>();
    paths.put("resolve(envelope)", r -> r.resolve(env, "s"));
    paths.put("resolve(json)", r -> r.resolve(env.toJson(), "s"));
    paths.put("openStream", r -> readAll(() -> r.openStream(env, "s")));
    paths.put("openStreamById", r -> readAll(() -> r.openStreamById(env.transactionId(), "s")));
    paths.put("resolveAsync(envelope)", r -> unwrap(() -> r.resolveAsync(env, "s").join()));
    paths.put("resolveAsync(json)", r -> unwrap(() -> r.resolveAsync(env.toJson(), "s").join()));
    return paths;
  }

  private static byte[] readAll(java.util.function.Supplier<PayloadStream> open) {
    try (PayloadStream in = open.get()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object unwrap(java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  /** Runs every path against the store and returns what each threw. */
  private static Map<String, Throwable> failures(PayloadStore store, PayloadEnvelope env) {
    Map<String, Throwable> thrown = new LinkedHashMap<>();
    try (PayloadResolver r = resolver(store)) {
      paths(env).forEach((name, path) -> thrown.put(name, catchThrowable(() -> path.apply(r))));
    }
    return thrown;
  }

  private static void assertEveryPathThrows(PayloadStore store, PayloadEnvelope env,
      Class<? extends PayloadOffloadException> type, String messagePart) {
    failures(store, env).forEach((path, e) -> {
      assertThat(e).as(path).isInstanceOf(type);
      assertThat(e.getMessage()).as(path).contains(env.transactionId()).contains(messagePart)
          .doesNotContain("SECRET-PAYLOAD").doesNotContain(DRIVER_TEXT);
    });
  }

  private PayloadStore rewriting(UnaryOperator<PayloadRecord.Builder> change) {
    return TestStores.rewriting(store, change);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256:XYZ", "md5:0123456789abcdef0123456789abcdef",
      "SHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "crc32c:", ""})
  void aMalformedChecksumInTheRecordIsAnIntegrityErrorOnEveryPath(String checksum) {
    assertEveryPathThrows(rewriting(r -> r.checksum(checksum)), zstd, PayloadIntegrityException.class,
        "a checksum sha256:<64 hex> or crc32c:<8 hex>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "", "zstd-legacy"})
  void anUnknownCompressionInTheRecordIsAnIntegrityErrorOnEveryPath(String compression) {
    assertEveryPathThrows(rewriting(r -> r.compression(compression)), zstd, PayloadIntegrityException.class,
        "compression '" + compression + "'");
  }

  @Test
  void aHugeValueInTheRecordIsQuotedAbbreviated() {
    String huge = "x".repeat(100_000);
    failures(rewriting(r -> r.compression(huge)), zstd).values().forEach(e ->
        assertThat(e.getMessage()).hasSizeLessThan(400).contains("(100000 characters)"));
  }

  @Test
  void aRecordOfAnotherPayloadIsAnIntegrityErrorOnEveryPath() {
    assertEveryPathThrows(rewriting(r -> r.id(none.transactionId())), zstd, PayloadIntegrityException.class,
        "the record of " + none.transactionId());
  }

  @Test
  void sizesThatTheCompressionCannotProduceAreIntegrityErrorsOnEveryPath() {
    assertEveryPathThrows(rewriting(r -> r.storedSizeBytes(none.storedSizeBytes() + 1)), none,
        PayloadIntegrityException.class, "equal original and stored sizes for compression none");
    assertEveryPathThrows(rewriting(r -> r.storedSizeBytes(2 * zstd.payloadSizeBytes() + 1000)), zstd,
        PayloadIntegrityException.class, "sizes that zstd can produce");
    assertEveryPathThrows(rewriting(r -> r.originalSizeBytes(zstd.storedSizeBytes() * 32768 + 1)), zstd,
        PayloadIntegrityException.class, "sizes that zstd can produce");
    assertEveryPathThrows(rewriting(r -> r.compression("gzip").originalSizeBytes(zstd.storedSizeBytes() * 1032 + 1)),
        zstd, PayloadIntegrityException.class, "sizes that gzip can produce");
  }

  @Test
  void declaredSizesOfTwoGigabytesWithFifteenRealBytesAreTypedErrorsOnEveryPath() {
    long twoGb = SmallHeapScenarios.TWO_GB;
    assertEveryPathThrows(rewriting(r -> r.originalSizeBytes(twoGb).storedSizeBytes(twoGb)), none,
        PayloadIntegrityException.class, String.valueOf(twoGb));
    try (PayloadResolver r = PayloadResolver.builder().store(rewriting(b -> b.storedSizeBytes(twoGb)))
        .maxPayloadBytes(1_048_576).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThat(catchThrowable(() -> r.resolve(none, "s"))).isInstanceOf(PayloadIntegrityException.class);
    }
    try (PayloadResolver r = PayloadResolver.builder().store(rewriting(b -> b.originalSizeBytes(twoGb)))
        .maxPayloadBytes(1_048_576).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThat(catchThrowable(() -> r.openStreamById(none.transactionId(), "s")))
          .isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void lyingSizesAreRejectedInASmallHeapWithoutRunningOutOfMemory() throws Exception {
    SmallHeapJvm.Result run = SmallHeapJvm.run(SmallHeapScenarios.class, "resolver");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.output).as(run.toString())
        .contains("storedSize2e9Max1MiB resolve -> PayloadIntegrityException")
        .contains("originalSize2e9 resolve -> PayloadIntegrityException")
        .contains("bothSizes2e9 resolve -> PayloadIntegrityException")
        .contains("bothSizes2e9 openStreamById -> PayloadIntegrityException")
        .contains("bothSizes2e9Zstd resolve -> PayloadIntegrityException")
        .contains("bothSizes2e9Zstd openStreamById -> CodecException")
        .doesNotContain("OutOfMemoryError");
  }

  @Test
  void anEnvelopeWhoseStoredSizeDisagreesWithTheRecordIsAnIntegrityError() {
    PayloadEnvelope forged = PayloadEnvelope.parse(zstd.toJson().replace(
        "\"stored_size_bytes\":" + zstd.storedSizeBytes(), "\"stored_size_bytes\":" + (zstd.storedSizeBytes() + 1)));
    try (PayloadResolver r = resolver(store)) {
      assertThat(catchThrowable(() -> r.resolve(forged, "s"))).isInstanceOf(PayloadIntegrityException.class)
          .hasMessageContaining((zstd.storedSizeBytes() + 1) + " stored bytes");
      assertThat(catchThrowable(() -> r.openStream(forged, "s"))).isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void aStoreThatThrowsAnUncheckedExceptionFromOpenIsAPermanentStoreErrorOnEveryPath() {
    PayloadStore broken = new ForwardingPayloadStore(store) {
      @Override
      public Optional<StoredPayload> open(String id) {
        throw new IllegalStateException(DRIVER_TEXT);
      }
    };
    assertEveryPathThrows(broken, zstd, PayloadStoreException.class, "IllegalStateException");
    failures(broken, zstd).values().forEach(e -> {
      assertThat(((PayloadStoreException) e).isRetryable()).isFalse();
      assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
    });
  }

  @Test
  void aRecordTheBuilderRejectsIsATypedErrorWhetherOrNotTheStoreWrapsIt() {
    Function<Boolean, PayloadStore> building = wraps -> new ForwardingPayloadStore(store) {
      @Override
      public Optional<StoredPayload> open(String id) {
        try {
          return Optional.of(StoredPayload.of(PayloadRecord.builder().id(id).originalSizeBytes(-7).build(),
              InputStream::nullInputStream));
        } catch (IllegalArgumentException e) {
          if (wraps) {
            throw new PayloadStoreException("The row of payload " + id + " is damaged.", id, false, e);
          }
          throw e;
        }
      }
    };
    assertEveryPathThrows(building.apply(true), zstd, PayloadStoreException.class, "is damaged");
    assertEveryPathThrows(building.apply(false), zstd, PayloadStoreException.class, "IllegalArgumentException");
  }

  @Test
  void aStoreReturningNullsIsAPermanentStoreError() {
    PayloadStore nullOptional = new ForwardingPayloadStore(store) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return null;
      }
    };
    PayloadStore nullStream = new ForwardingPayloadStore(store) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(p.record(), () -> null));
      }
    };
    assertEveryPathThrows(nullOptional, zstd, PayloadStoreException.class, "defect in the store");
    assertEveryPathThrows(nullStream, zstd, PayloadStoreException.class, "defect in the store");
  }

  /** A store whose stream gives some real bytes and then throws. */
  private PayloadStore breakingMidway(RuntimeException failure) {
    return new ForwardingPayloadStore(store) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(p.record(), () -> new InputStream() {
          private final InputStream real = p.openStream();
          private int left = 10;

          @Override
          public int read() throws IOException {
            if (left-- == 0) {
              throw failure;
            }
            return real.read();
          }
        }));
      }
    };
  }

  @Test
  void aStoreStreamThatThrowsAnUncheckedExceptionMidwayIsAPermanentStoreError() {
    assertEveryPathThrows(breakingMidway(new IllegalStateException(DRIVER_TEXT)), zstd,
        PayloadStoreException.class, "IllegalStateException");
  }

  @Test
  void aStoreStreamThatThrowsUncheckedIoMidwayIsAReadFailure() {
    Map<String, Throwable> thrown = failures(breakingMidway(new UncheckedIOException(new IOException("reset"))), zstd);
    thrown.forEach((path, e) -> {
      if (path.startsWith("open")) {
        assertThat(e).as(path).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("reset");
      } else {
        assertThat(e).as(path).isInstanceOfSatisfying(PayloadStoreException.class,
            s -> assertThat(s.isRetryable()).isTrue());
      }
    });
  }

  @Test
  void aStoreStreamWithMoreOrFewerBytesThanRecordedFailsTheStreamToo() {
    PayloadStore longer = TestStores.tampering(store, b -> Arrays.copyOf(b, b.length + 1));
    PayloadStore shorter = TestStores.tampering(store, b -> Arrays.copyOf(b, b.length - 1));
    assertEveryPathThrows(longer, none, PayloadIntegrityException.class, "stored bytes");
    assertEveryPathThrows(shorter, none, PayloadIntegrityException.class,
        (none.storedSizeBytes() - 1) + " stored bytes");
  }

  @Test
  void aDeleteAfterReadThatThrowsUncheckedDoesNotFailTheRead() {
    PayloadStore badDelete = new ForwardingPayloadStore(store) {
      @Override
      public boolean delete(String id) {
        throw new IllegalStateException(DRIVER_TEXT);
      }
    };
    try (PayloadResolver r = PayloadResolver.builder().store(badDelete).deleteAfterRead(true)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThat(new String(r.resolve(zstd, "s"), StandardCharsets.UTF_8)).isEqualTo(SECRET);
      assertThat(new String(readAll(() -> r.openStreamById(zstd.transactionId(), "s")), StandardCharsets.UTF_8))
          .isEqualTo(SECRET);
    }
  }

  @Test
  void untouchedPayloadsStillResolveOnEveryPath() {
    for (PayloadEnvelope env : new PayloadEnvelope[] {zstd, none}) {
      try (PayloadResolver r = resolver(store)) {
        paths(env).forEach((name, path) -> {
          Object got = path.apply(r);
          assertThat(new String((byte[]) got, StandardCharsets.UTF_8)).as(name).isEqualTo(SECRET);
        });
      }
    }
  }
}
