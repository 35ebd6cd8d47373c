package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.postgres.PostgresPayloadStore;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A payload damaged in the store is never served as a complete response. */
class IntegrityTest {
  private static final int FLIPPED_OFFSET = 1_000_000;
  private static PostgresPayloadStore store;
  private static ExampleServer server;

  @BeforeAll
  static void start() {
    store = TestDatabase.store("integrity");
    OffloadConfig uncompressed = OffloadConfig.builder().compression(Compression.NONE).build();
    server = ExampleServer.start(uncompressed, new CorruptingStore(store), "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  @Test
  void aChecksumFailureFoundMidStreamAbortsTheResponse() throws Exception {
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      PayloadEnvelope envelope = PayloadEnvelope.parse(client.request("tools/call", JsonRpc.MAPPER.readTree(
          "{\"name\":\"generate_text\",\"arguments\":{\"size_bytes\":3000000}}"))
          .path("content").path(0).path("text").asText());

      Throwable failure = catchThrowable(() -> {
        HttpResponse<byte[]> response = Http.get(server, "/payloads/" + envelope.transactionId(), client.sessionId());
        assertThat(response.body().length).as("a complete body would be wrong bytes").isLessThan(3_000_000);
      });

      assertThat(failure).as("the response must be cut short").isInstanceOf(IOException.class);
      assertThatThrownBy(() -> client.fetch(envelope)).isInstanceOf(PayloadOffloadException.class);
    }
  }

  /** Flips one stored byte on every read; with compression off, only the checksum can catch it. */
  private static final class CorruptingStore extends ForwardingPayloadStore {
    CorruptingStore(PayloadStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<StoredPayload> open(String id) {
      return super.open(id).map(p -> StoredPayload.of(p.record(), () -> flipOneByte(p.openStream())));
    }

    private static InputStream flipOneByte(InputStream in) {
      return new FilterInputStream(in) {
        private long position;

        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0 && position++ == FLIPPED_OFFSET) {
            return b ^ 0x01;
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          if (n > 0 && position <= FLIPPED_OFFSET && FLIPPED_OFFSET < position + n) {
            buffer[offset + (int) (FLIPPED_OFFSET - position)] ^= 0x01;
          }
          position += Math.max(n, 0);
          return n;
        }
      };
    }
  }
}
