package io.payloadoffload.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.payloadoffload.ExpirySweeper;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.http.RequestAuthenticator;
import io.payloadoffload.micrometer.MicrometerOffloadListener;
import io.payloadoffload.postgres.PostgresPayloadStore;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.spi.PayloadStore;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Spring Boot auto-configuration of payload-offload: a {@link PostgresPayloadStore}, a
 * {@link PayloadOffloader}, a {@link PayloadResolver} and an {@link ExpirySweeper}, plus, when their
 * libraries are present, the fetch servlet, a health indicator that reports the circuit breaker and
 * the Micrometer meters. Every bean backs off when the application defines its own of the same type,
 * and the settings come from {@link PayloadOffloadProperties}. docs/spring-boot.md describes each bean.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(PayloadOffloadProperties.class)
public class PayloadOffloadAutoConfiguration {

  /** Created by Spring from the auto-configuration imports. */
  public PayloadOffloadAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(PayloadStore.class)
  PostgresPayloadStore payloadStore(PayloadOffloadProperties properties, Environment environment,
      ObjectProvider<DataSource> dataSource) {
    return PostgresStoreFactory.build(properties, environment, dataSource.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  PayloadOffloader payloadOffloader(PayloadStore store, PayloadOffloadProperties properties,
      Environment environment, ObjectProvider<OffloadListener> listeners,
      ObjectProvider<RoutingPolicy> routingPolicy) {
    PayloadOffloader.Builder b = PayloadOffloader.builder()
        .store(store)
        .config(OffloadSettings.config(properties, environment));
    routingPolicy.ifAvailable(b::routingPolicy);
    listeners.orderedStream().forEach(b::listener);
    return b.build();
  }

  @Bean
  @ConditionalOnMissingBean
  PayloadResolver payloadResolver(PayloadStore store, PayloadOffloadProperties properties,
      ObjectProvider<OffloadListener> listeners) {
    PayloadOffloadProperties.Resolver r = properties.resolver();
    PayloadResolver.Builder b = PayloadResolver.builder().store(store)
        .deleteAfterRead(r.deleteAfterRead());
    if (r.maxPayloadSize() != null) {
      b.maxPayloadBytes(checked("resolver.max-payload-size", r.maxPayloadSize().toBytes(), 1));
    }
    listeners.orderedStream().forEach(b::listener);
    return b.build();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = PayloadOffloadProperties.PREFIX + ".sweeper", name = "enabled",
      matchIfMissing = true)
  ExpirySweeper payloadExpirySweeper(PayloadStore store, PayloadOffloadProperties properties) {
    PayloadOffloadProperties.Sweeper s = properties.sweeper();
    ExpirySweeper.Builder b = ExpirySweeper.builder().store(store);
    Optional.ofNullable(s.interval()).ifPresent(b::interval);
    if (s.batchSize() != null) {
      b.batchSize((int) checked("sweeper.batch-size", s.batchSize(), 1));
    }
    return b.build();
  }

  /** A value checked here, so that a bad one is reported under its property's name. */
  static long checked(String property, long value, long min) {
    if (value < min) {
      throw new ConfigurationException(List.of(PayloadOffloadProperties.PREFIX + "." + property
          + "=" + value + ": must be at least " + min));
    }
    return value;
  }

  /** The fetch servlet, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({PayloadServlet.class, ServletRegistrationBean.class})
  @ConditionalOnProperty(prefix = PayloadOffloadProperties.PREFIX + ".fetch", name = "enabled",
      matchIfMissing = true)
  static class FetchConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestAuthenticator payloadRequestAuthenticator() {
      return RequestAuthenticator.bearer();
    }

    @Bean
    @ConditionalOnMissingBean(name = "payloadFetchServlet")
    ServletRegistrationBean<PayloadServlet> payloadFetchServlet(PayloadResolver resolver,
        RequestAuthenticator authenticator, PayloadOffloadProperties properties) {
      PayloadServlet servlet = PayloadServlet.builder().resolver(resolver)
          .authenticator(authenticator).build();
      ServletRegistrationBean<PayloadServlet> registration =
          new ServletRegistrationBean<>(servlet, properties.fetch().path());
      registration.setName("payloadFetchServlet");
      return registration;
    }
  }

  /** The health indicator, when Spring Boot Actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(value = HealthIndicator.class, name =
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "payloadOffloadHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("payload-offload")
    PayloadOffloadHealthIndicator payloadOffloadHealthIndicator(PayloadOffloader offloader) {
      return new PayloadOffloadHealthIndicator(offloader);
    }
  }

  /** The meters, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, MicrometerOffloadListener.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerOffloadListener payloadOffloadMeters(MeterRegistry registry,
        PayloadOffloadProperties properties) {
      return new MicrometerOffloadListener(registry, properties.metrics().name());
    }
  }
}
