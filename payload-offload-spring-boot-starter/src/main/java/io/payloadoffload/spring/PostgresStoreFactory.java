package io.payloadoffload.spring;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;

/** Builds the starter's {@link PostgresPayloadStore} from {@code payload-offload.store.*}. */
final class PostgresStoreFactory {
  private PostgresStoreFactory() {}

  /**
   * The store on {@code payload-offload.store.url} (else {@code DATABASE_URL}) with a pool of its
   * own, or else on the application's data source.
   *
   * @param dataSource the application's data source, or null if it has none
   * @throws ConfigurationException if there is neither a URL nor a data source
   */
  static PostgresPayloadStore build(PayloadOffloadProperties properties, Environment environment,
      DataSource dataSource) {
    PayloadOffloadProperties.Store s = properties.store();
    PostgresPayloadStore.Builder b = PostgresPayloadStore.builder();
    Optional<String> url = Optional.ofNullable(s.url())
        .or(() -> OffloadSettings.legacy(LegacyVariable.DATABASE_URL, properties, environment))
        .filter(u -> !u.isBlank());
    if (url.isPresent()) {
      if (url.get().startsWith("jdbc:")) {
        b.jdbcUrl(url.get());
        Optional.ofNullable(s.username()).ifPresent(b::username);
        Optional.ofNullable(s.password()).ifPresent(b::password);
      } else {
        b.url(url.get());
      }
      Optional.ofNullable(s.maxPoolSize()).ifPresent(b::maxPoolSize);
      Optional.ofNullable(s.connectionTimeout()).ifPresent(b::connectionTimeout);
    } else if (dataSource != null) {
      b.dataSource(dataSource);
    } else {
      throw new ConfigurationException(List.of("no database for the payload store: set "
          + LegacyVariable.DATABASE_URL.property() + " (or DATABASE_URL), or spring.datasource.url,"
          + " or define a PayloadStore bean of your own"));
    }
    Optional.ofNullable(s.schema()).ifPresent(b::schema);
    Optional.ofNullable(s.createSchema()).ifPresent(b::createSchema);
    if (s.chunkSize() != null) {
      b.chunkSizeBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE, s.chunkSize().toBytes())));
    }
    return b.build();
  }
}
