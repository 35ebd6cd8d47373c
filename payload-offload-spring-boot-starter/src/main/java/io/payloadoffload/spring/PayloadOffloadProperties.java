package io.payloadoffload.spring;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings of payload-offload in a Spring application, under {@value #PREFIX}. Every offloading
 * setting left unset falls back to the original deployment's environment variable, read through
 * Spring's environment (so it may also sit in {@code application.properties}), and then to the
 * library's default ({@code OffloadConfig}'s constants); docs/spring-boot.md lists each pair.
 *
 * <p>An immutable value bound by Spring; thread-safe.
 *
 * @param enabled offloading on; else {@code MESSAGE_BUS_ENABLED}; default {@code true}
 * @param threshold the largest payload sent inline; else {@code MESSAGE_BUS_THRESHOLD_BYTES};
 *     default 1MB
 * @param maxPayloadSize the largest payload accepted; else {@code MESSAGE_BUS_MAX_PAYLOAD_MB};
 *     default 100MB
 * @param maxInlineSize the largest payload sent inline as a fallback while the store is unavailable;
 *     else {@code MESSAGE_BUS_MAX_INLINE_MB}; default 32MB, or the largest payload when smaller
 * @param ttl how long a stored payload stays resolvable; else {@code MESSAGE_BUS_TTL_HOURS};
 *     default 48h
 * @param compression how stored bytes are compressed ({@code zstd}, {@code gzip}, {@code none});
 *     else {@code MESSAGE_BUS_COMPRESSION}; default {@code zstd}
 * @param compressionLevel 1 to 22 for zstd, 1 to 9 for gzip; default 3
 * @param checksumEnabled whether stored payloads carry a checksum of the original bytes; else
 *     {@code MESSAGE_BUS_CHECKSUM_ENABLED}; default {@code true}
 * @param checksumAlgorithm {@code sha256} or {@code crc32c}; default {@code sha256}
 * @param fallbackToInline whether a payload goes inline while the store is unavailable; else
 *     {@code FALLBACK_TO_WEBSOCKET}; default {@code true}
 * @param transportLimit the largest message the transport carries; else
 *     {@code MESSAGE_BUS_TRANSPORT_LIMIT_BYTES}; default none
 * @param tokenBudget the most estimated tokens sent inline; else {@code MESSAGE_BUS_TOKEN_BUDGET};
 *     default none
 * @param storeTimeout the limit on one store call; default 30s
 * @param maxRetries how many times a retryable store failure is retried, 0 to 10; default 1
 * @param retryDelay the first retry's delay, doubled on each retry; default 100ms
 * @param retryMaxDelay the longest retry delay; default 2s
 * @param circuitBreaker the circuit breaker that guards the store
 * @param store the PostgreSQL store the starter builds when the application defines no
 *     {@code PayloadStore} bean
 * @param resolver the receiver side
 * @param sweeper the expiry sweeper
 * @param fetch the HTTP endpoint that serves stored payloads
 * @param metrics the Micrometer meters, registered when a {@code MeterRegistry} bean exists
 */
@ConfigurationProperties(prefix = PayloadOffloadProperties.PREFIX)
public record PayloadOffloadProperties(
    Boolean enabled,
    DataSize threshold,
    DataSize maxPayloadSize,
    DataSize maxInlineSize,
    Duration ttl,
    Compression compression,
    Integer compressionLevel,
    Boolean checksumEnabled,
    ChecksumAlgorithm checksumAlgorithm,
    Boolean fallbackToInline,
    DataSize transportLimit,
    Long tokenBudget,
    Duration storeTimeout,
    Integer maxRetries,
    Duration retryDelay,
    Duration retryMaxDelay,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue Store store,
    @DefaultValue Resolver resolver,
    @DefaultValue Sweeper sweeper,
    @DefaultValue Fetch fetch,
    @DefaultValue Metrics metrics) {

  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "payload-offload";

  /**
   * The circuit breaker that guards the store.
   *
   * @param enabled breaker on; else {@code CIRCUIT_BREAKER_ENABLED}; default {@code true}
   * @param failureThreshold consecutive failed offloads that open it; else
   *     {@code CIRCUIT_BREAKER_THRESHOLD}; default 3
   * @param openDuration how long it stays open before one probe; else
   *     {@code CIRCUIT_BREAKER_TIMEOUT_SECS}; default 60s
   */
  public record CircuitBreaker(Boolean enabled, Integer failureThreshold, Duration openDuration) {}

  /**
   * The PostgreSQL store the starter builds. Its connection comes from {@code url} (else
   * {@code DATABASE_URL}) when set, through a pool of its own; otherwise from the application's
   * {@code DataSource} bean ({@code spring.datasource.*}).
   *
   * @param url a {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql:} URL; else
   *     {@code DATABASE_URL}; default none (use the application's {@code DataSource})
   * @param username the user for a {@code jdbc:postgresql:} URL
   * @param password the password for a {@code jdbc:postgresql:} URL; never logged
   * @param schema the schema holding the tables; default {@code payload_offload}
   * @param createSchema whether the tables are created when missing; default {@code true}
   * @param chunkSize the size of a chunk row; default 1MB
   * @param maxPoolSize the size of the store's own pool (only with {@code url}); default 10
   * @param connectionTimeout how long a call waits for a connection of the store's own pool (only
   *     with {@code url}); default 2s
   */
  public record Store(String url, String username, String password, String schema,
      Boolean createSchema, DataSize chunkSize, Integer maxPoolSize, Duration connectionTimeout) {

    /**
     * The settings with the password and the URL's credentials masked, safe to log.
     *
     * @return a description without secrets
     */
    @Override
    public String toString() {
      return "Store[url=" + (url == null ? null : PostgresPayloadStore.maskPassword(url)) + ", username=" + username + ", password="
          + (password == null ? null : "****") + ", schema=" + schema + ", createSchema="
          + createSchema + ", chunkSize=" + chunkSize + ", maxPoolSize=" + maxPoolSize
          + ", connectionTimeout=" + connectionTimeout + "]";
    }
  }

  /**
   * The receiver side ({@code PayloadResolver}).
   *
   * @param maxPayloadSize the largest payload the resolver returns; default unlimited (the envelope's
   *     declared size still caps decompression)
   * @param deleteAfterRead whether a payload is deleted once resolved; default {@code false}
   */
  public record Resolver(DataSize maxPayloadSize, @DefaultValue("false") boolean deleteAfterRead) {}

  /**
   * The expiry sweeper, started and stopped with the application context.
   *
   * @param enabled whether the starter runs one; default {@code true}
   * @param interval the time between two sweeps; default 5m
   * @param batchSize the most rows one delete removes; default 1000
   */
  public record Sweeper(@DefaultValue("true") boolean enabled, Duration interval, Integer batchSize) {}

  /**
   * The HTTP endpoint that serves stored payloads to their session, registered in a servlet web
   * application.
   *
   * @param enabled whether the servlet is registered; default {@code true}
   * @param path the servlet's URL mapping; default {@code /payloads/*}
   */
  public record Fetch(@DefaultValue("true") boolean enabled,
      @DefaultValue("/payloads/*") String path) {}

  /**
   * The Micrometer meters.
   *
   * @param name the value of the {@code name} tag that sets this application's meters apart;
   *     default {@code default}
   */
  public record Metrics(@DefaultValue("default") String name) {}
}
