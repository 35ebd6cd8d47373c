package io.payloadoffload;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadIntegrityException;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/** Offload then resolve returns the exact bytes; tampered stored bytes never come back as wrong bytes. */
class RoundTripPropertiesTest {
  private static final int MAX = 3 * 1024 * 1024;

  /** Payloads from 0 to 3 MiB, half random (incompressible), half repetitive text (compressible). */
  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 4096)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(4097, MAX)))
        .edgeCases(c -> c.add(0, 1, 1024, 1025, MAX));
    return Combinators.combine(sizes, Arbitraries.longs(), Arbitraries.of(true, false))
        .as((size, seed, text) -> payload(size, seed, text));
  }

  static byte[] payload(int size, long seed, boolean text) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    if (text) {
      byte[] words = "{\"line\":42,\"code\":\"for (int i = 0; i < n; i++) sum += i;\"} ".getBytes();
      for (int i = 0; i < size; i++) {
        b[i] = (i % 97 == 0) ? (byte) ('0' + r.nextInt(10)) : words[i % words.length];
      }
    } else {
      r.nextBytes(b);
    }
    return b;
  }

  private static PayloadOffloader offloader(InMemoryPayloadStore store, Compression c,
      ChecksumAlgorithm alg, boolean checksums) {
    return PayloadOffloader.builder().store(store).executor(Runnable::run)
        .config(OffloadConfig.builder().thresholdBytes(1024).compression(c).checksumAlgorithm(alg)
            .checksumEnabled(checksums).build())
        .build();
  }

  @Property(tries = 40)
  void offloadThenResolveReturnsIdenticalBytes(@ForAll("payloads") byte[] payload,
      @ForAll Compression compression, @ForAll ChecksumAlgorithm algorithm, @ForAll boolean checksums) {
    InMemoryPayloadStore store = new InMemoryPayloadStore();
    try (PayloadOffloader offloader = offloader(store, compression, algorithm, checksums);
         PayloadResolver resolver = PayloadResolver.builder().store(store).executor(Runnable::run).build()) {
      Delivery d = offloader.offload(payload, OffloadContext.of("s-1", "t"));
      if (payload.length <= 1024) {
        assertThat(d.mode()).isEqualTo(Delivery.Mode.INLINE);
        assertThat(d.inlineBytes()).isEqualTo(payload);
        return;
      }
      assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      assertThat(d.envelope().checksum().isPresent()).isEqualTo(checksums);
      assertThat(resolver.resolve(d.envelope().toJson(), "s-1")).isEqualTo(payload);
    }
  }

  @Property(tries = 20)
  void streamedOffloadThenResolveReturnsIdenticalBytes(@ForAll("payloads") byte[] payload,
      @ForAll Compression compression, @ForAll ChecksumAlgorithm algorithm) throws Exception {
    InMemoryPayloadStore store = new InMemoryPayloadStore();
    try (PayloadOffloader offloader = offloader(store, compression, algorithm, true);
         PayloadResolver resolver = PayloadResolver.builder().store(store).executor(Runnable::run).build()) {
      Delivery d = offloader.offload(new ByteArrayInputStream(payload), OffloadContext.of("s-1", "t"));
      if (d.isInline()) {
        assertThat(payload.length).isLessThanOrEqualTo(1024);
        assertThat(d.inlineBytes()).isEqualTo(payload);
        return;
      }
      try (InputStream in = resolver.openStream(d.envelope(), "s-1")) {
        assertThat(in.readAllBytes()).isEqualTo(payload);
      }
    }
  }

  @Property(tries = 60)
  void tamperedStoredBytesNeverComeBackAsBytes(@ForAll("payloads") byte[] payload,
      @ForAll Compression compression, @ForAll ChecksumAlgorithm algorithm,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll boolean truncate) {
    if (payload.length <= 1024) {
      return;
    }
    InMemoryPayloadStore inner = new InMemoryPayloadStore();
    var tampering = TestStores.tampering(inner, stored -> {
      if (truncate) {
        return java.util.Arrays.copyOf(stored, where % stored.length);
      }
      byte[] copy = stored.clone();
      copy[where % copy.length] ^= (byte) xor;
      return copy;
    });
    try (PayloadOffloader offloader = offloader(inner, compression, algorithm, true);
         PayloadResolver resolver = PayloadResolver.builder().store(tampering).executor(Runnable::run).build()) {
      Delivery d = offloader.offload(payload, OffloadContext.empty());
      byte[] back;
      try {
        back = resolver.resolve(d.envelope(), null);
      } catch (PayloadIntegrityException | CodecException detected) {
        Statistics.collect("detected");
        return;
      }
      // A change the format ignores (gzip's FTEXT flag, say) may decode to the very same bytes.
      Statistics.collect("harmless change");
      assertThat(back).isEqualTo(payload);
    }
  }
}
