package io.payloadoffload.examples;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.postgres.PostgresPayloadStore;

/** An example server on a free port over its own schema of the shared test database. */
final class TestServer implements AutoCloseable {
  final PostgresPayloadStore store;
  final ExampleServer server;

  private TestServer(String schema, OffloadConfig config) {
    this.store = TestDatabase.store(schema);
    this.server = ExampleServer.start(config, store, "127.0.0.1", 0);
  }

  static TestServer start(String schema) {
    return new TestServer(schema, OffloadConfig.defaults());
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
