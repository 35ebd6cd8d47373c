package io.payloadoffload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.ExpirySweeper;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.micrometer.MicrometerOffloadListener;
import io.payloadoffload.postgres.PostgresPayloadStore;
import io.payloadoffload.spi.PayloadStore;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the auto-configuration registers, how properties and variables set it, and what replaces it. */
class PayloadOffloadAutoConfigurationTest {
  private static final int TWO_MIB = 2 * 1_048_576;
  private static final EmbeddedDatabase DB = EmbeddedDatabase.shared();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PayloadOffloadAutoConfiguration.class));

  private static String freshSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void storesInTheApplicationsDataSource() {
    String schema = freshSchema();
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + DB.jdbcUrl(),
        "spring.datasource.username=postgres", "payload-offload.store.schema=" + schema)
        .run(context -> {
          assertThat(context).hasSingleBean(PostgresPayloadStore.class)
              .hasSingleBean(PayloadOffloader.class).hasSingleBean(PayloadResolver.class)
              .hasSingleBean(ExpirySweeper.class);
          byte[] payload = payload(TWO_MIB);
          Delivery d = context.getBean(PayloadOffloader.class)
              .offload(payload, OffloadContext.of("s-1", "tool"));
          assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
          assertThat(context.getBean(PayloadResolver.class).resolve(d.envelope(), "s-1"))
              .isEqualTo(payload);
          JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
          assertThat(jdbc.queryForObject("select count(*) from " + schema + ".payloads", Long.class))
              .isEqualTo(1L);
        });
  }

  @Test
  void databaseUrlGivesTheStoreAPoolOfItsOwn() {
    String schema = freshSchema();
    runner.withPropertyValues("DATABASE_URL=" + DB.databaseUrl("pw-4d1c9e"),
        "payload-offload.store.schema=" + schema)
        .run(context -> {
          assertThat(context).doesNotHaveBean(DataSource.class);
          PostgresPayloadStore store = context.getBean(PostgresPayloadStore.class);
          assertThat(store.toString()).contains("url=").doesNotContain("pw-4d1c9e");
          Delivery d = context.getBean(PayloadOffloader.class)
              .offload(payload(TWO_MIB), OffloadContext.of("s-1", "tool"));
          assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
          assertThat(store.open(d.envelope().transactionId())).isPresent();
        });
  }

  @Test
  void storeUrlPropertyWinsOverDatabaseUrl() {
    runner.withPropertyValues("DATABASE_URL=postgres://nobody@unresolvable.invalid/db",
        "payload-offload.store.url=" + DB.jdbcUrl(), "payload-offload.store.username=postgres",
        "payload-offload.store.schema=" + freshSchema())
        .run(context -> {
          Delivery d = context.getBean(PayloadOffloader.class)
              .offload(payload(TWO_MIB), OffloadContext.of("s-1", "tool"));
          assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
        });
  }

  @Test
  void withoutADatabaseTheFailureSaysWhatToSet() {
    runner.run(context -> assertThat(context).hasFailed().getFailure()
        .rootCause().isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("payload-offload.store.url").hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("spring.datasource.url"));
  }

  @Test
  void originalVariablesWorkThroughSpringsEnvironment() {
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("MESSAGE_BUS_THRESHOLD_BYTES=2048", "MESSAGE_BUS_COMPRESSION=gzip",
            "CIRCUIT_BREAKER_THRESHOLD=3", "MESSAGE_BUS_TTL_HOURS=0.5",
            "FALLBACK_TO_WEBSOCKET=off")
        .run(context -> {
          OffloadConfig config = context.getBean(PayloadOffloader.class).config();
          assertThat(config.thresholdBytes()).isEqualTo(2048);
          assertThat(config.compression()).isEqualTo(Compression.GZIP);
          assertThat(config.failureThreshold()).isEqualTo(3);
          assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(30));
          assertThat(config.fallbackToInline()).isFalse();
        });
  }

  @Test
  void propertiesWinOverTheOriginalVariables() {
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("MESSAGE_BUS_THRESHOLD_BYTES=2048", "payload-offload.threshold=4KB",
            "MESSAGE_BUS_COMPRESSION=lz4", "payload-offload.compression=none",
            "payload-offload.circuit-breaker.open-duration=5s", "payload-offload.max-retries=0",
            "payload-offload.retry-delay=10ms")
        .run(context -> {
          OffloadConfig config = context.getBean(PayloadOffloader.class).config();
          assertThat(config.thresholdBytes()).isEqualTo(4096);
          assertThat(config.compression()).isEqualTo(Compression.NONE);
          assertThat(config.openDuration()).isEqualTo(Duration.ofSeconds(5));
          assertThat(config.maxRetries()).isZero();
          assertThat(config.retryDelay()).isEqualTo(Duration.ofMillis(10));
          assertThat(config.retryMaxDelay()).isEqualTo(OffloadConfig.DEFAULT_RETRY_MAX_DELAY);
        });
  }

  @Test
  void everyBadPropertyIsNamedAtOnce() {
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("payload-offload.max-retries=11",
            "payload-offload.circuit-breaker.failure-threshold=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("payload-offload.max-retries=11")
            .hasMessageContaining("payload-offload.circuit-breaker.failure-threshold=0"));
  }

  @Test
  void everyBadVariableIsNamedAtOnce() {
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("MESSAGE_BUS_TTL_HOURS=abc", "MESSAGE_BUS_COMPRESSION=lz4")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("MESSAGE_BUS_TTL_HOURS='abc'")
            .hasMessageContaining("MESSAGE_BUS_COMPRESSION='lz4'"));
  }

  @Test
  void theApplicationsOwnBeansReplaceTheStarters() {
    runner.withUserConfiguration(OwnBeans.class).run(context -> {
      assertThat(context.getBean(PayloadStore.class)).isSameAs(OwnBeans.STORE);
      assertThat(context).doesNotHaveBean(PostgresPayloadStore.class);
      assertThat(context.getBean(PayloadOffloader.class).config().thresholdBytes()).isEqualTo(7);
      assertThat(context.getBean(PayloadResolver.class))
          .isSameAs(context.getBean(OwnBeans.class).resolver);
      assertThat(context.getBean(ExpirySweeper.class).interval()).isEqualTo(Duration.ofHours(3));
    });
  }

  @Test
  void theSweeperRunsWhileTheContextRuns() {
    runner.withUserConfiguration(InMemoryStore.class).run(context -> {
      assertThat(context).hasSingleBean(ExpirySweeper.class);
      assertThat(sweeperThreads()).isEqualTo(1);
    });
    assertThat(sweeperThreads()).isZero();
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("payload-offload.sweeper.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ExpirySweeper.class));
  }

  private static long sweeperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(ExpirySweeper.THREAD_NAME) && t.isAlive()).count();
  }

  @Test
  void metersWhenTheApplicationHasARegistry() {
    runner.withUserConfiguration(InMemoryStore.class, Registry.class)
        .withPropertyValues("payload-offload.metrics.name=tools")
        .run(context -> {
          assertThat(context).hasSingleBean(MicrometerOffloadListener.class);
          context.getBean(PayloadOffloader.class).offload(payload(100), OffloadContext.empty());
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get(MicrometerOffloadListener.DELIVERIES)
              .tag(MicrometerOffloadListener.NAME_TAG, "tools").counter().count()).isEqualTo(1.0);
        });
    runner.withUserConfiguration(InMemoryStore.class)
        .run(context -> assertThat(context).doesNotHaveBean(MicrometerOffloadListener.class));
  }

  @Test
  void healthReportsAClosedBreakerAsUp() {
    runner.withUserConfiguration(InMemoryStore.class).run(context -> {
      var health = context.getBean(PayloadOffloadHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("circuitState", CircuitState.CLOSED);
    });
    runner.withUserConfiguration(InMemoryStore.class)
        .withPropertyValues("management.health.payload-offload.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(PayloadOffloadHealthIndicator.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class InMemoryStore {
    @Bean
    InMemoryPayloadStore store() {
      return new InMemoryPayloadStore();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    SimpleMeterRegistry registry() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final InMemoryPayloadStore STORE = new InMemoryPayloadStore();
    final PayloadResolver resolver = PayloadResolver.builder().store(STORE).build();

    @Bean
    PayloadStore store() {
      return STORE;
    }

    @Bean
    PayloadOffloader offloader() {
      return PayloadOffloader.builder().store(STORE)
          .config(OffloadConfig.builder().thresholdBytes(7).build()).build();
    }

    @Bean
    PayloadResolver resolver() {
      return resolver;
    }

    @Bean
    ExpirySweeper sweeper() {
      return ExpirySweeper.builder().store(STORE).interval(Duration.ofHours(3)).build();
    }
  }
}
