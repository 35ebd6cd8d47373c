package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The configuration law: whatever the settings, either the configuration is rejected when it is
 * made (an {@link IllegalArgumentException} from a setter, a {@link ConfigurationException} from
 * {@code build()}), or an offloader built from it offloads a small payload and one just above the
 * threshold without an exception that is not one of the library's own.
 */
class OffloadConfigProperties {
  private static final long MIB = 1_048_576L;

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-1, 3 * MIB),
        Arbitraries.of(0L, 1L, MIB, MIB + 1, 100 * MIB, Long.MAX_VALUE / MIB * MIB, Long.MAX_VALUE));
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-5, 5_000_000_000L).map(Duration::ofNanos),
        Arbitraries.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofDays(365), Duration.ofDays(366),
            Duration.ofDays(36_525), Duration.ofDays(36_526), ChronoUnit.CENTURIES.getDuration().multipliedBy(3),
            ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L + 1)));
  }

  @Property(tries = 400)
  void everyConfigurationIsRejectedUpFrontOrOffloads(
      @ForAll("sizes") long threshold, @ForAll("sizes") long maxPayload, @ForAll("sizes") long maxInline,
      @ForAll("durations") Duration ttl, @ForAll Compression compression, @ForAll @IntRange(min = 0, max = 23) int level,
      @ForAll ChecksumAlgorithm checksum, @ForAll boolean checksumEnabled, @ForAll boolean enabled,
      @ForAll boolean breaker, @ForAll @IntRange(min = -1, max = 1000) int failures,
      @ForAll("durations") Duration openDuration, @ForAll("durations") Duration storeTimeout,
      @ForAll @IntRange(min = -1, max = 11) int retries, @ForAll("durations") Duration retryDelay,
      @ForAll("durations") Duration retryMaxDelay, @ForAll boolean fallback) {
    OffloadConfig config;
    try {
      config = OffloadConfig.builder().thresholdBytes(threshold).maxPayloadBytes(maxPayload).maxInlineBytes(maxInline)
          .ttl(ttl).compression(compression).compressionLevel(level).checksumAlgorithm(checksum)
          .checksumEnabled(checksumEnabled).enabled(enabled).circuitBreakerEnabled(breaker).failureThreshold(failures)
          .openDuration(openDuration).storeTimeout(storeTimeout).maxRetries(retries)
          .retryBackoff(retryDelay, retryMaxDelay).fallbackToInline(fallback).build();
    } catch (IllegalArgumentException | ConfigurationException rejected) {
      return;
    }
    try (PayloadOffloader offloader = PayloadOffloader.builder().config(config).store(new InMemoryPayloadStore())
        .build()) {
      byte[] small = new byte[(int) Math.min(threshold, 100)];
      assertThat(offloader.offload(small, OffloadContext.of("s", "t")).isInline()).isTrue();
      if (threshold < 3 * MIB) {
        byte[] above = new byte[(int) threshold + 1];
        Arrays.fill(above, (byte) 'a');
        Throwable e = catchThrowable(() -> offloader.offload(above, OffloadContext.of("s", "t")));
        assertThat(e == null || e instanceof PayloadTooLargeException || e instanceof StoreUnavailableException)
            .as("offloading %d bytes with %s threw %s", above.length, config, e).isTrue();
      }
    }
  }
}
