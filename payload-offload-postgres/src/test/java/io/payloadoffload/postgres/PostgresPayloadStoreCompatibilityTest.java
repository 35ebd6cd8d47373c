package io.payloadoffload.postgres;

import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.testkit.PayloadStoreCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PostgresPayloadStore} passes the store contract, each test in a schema of its own. */
class PostgresPayloadStoreCompatibilityTest extends PayloadStoreCompatibilityKit {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  /** Small chunks, so the kit's payloads span many of them. */
  @Override
  protected PayloadStore createStore() {
    return db.storeBuilder().chunkSizeBytes(64 * 1024).maxPoolSize(10).build();
  }

  @Override
  protected void cleanUp(PayloadStore store) {
    db.execute("DROP SCHEMA IF EXISTS \"" + ((PostgresPayloadStore) store).schema() + "\" CASCADE");
  }
}
