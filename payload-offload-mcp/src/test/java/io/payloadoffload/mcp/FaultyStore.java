package io.payloadoffload.mcp;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An in-memory store that can go down (every call fails as a refused connection does) or hand out
 * stored bytes with one bit flipped, as a damaged disk would.
 */
final class FaultyStore extends ForwardingPayloadStore {
  private volatile boolean down;
  private volatile boolean corrupt;

  FaultyStore() {
    super(new InMemoryPayloadStore());
  }

  void goDown() {
    down = true;
  }

  void corruptReads() {
    corrupt = true;
  }

  @Override
  public void put(PayloadBody body) {
    if (down) {
      throw new PayloadStoreException("connection refused", null, true, null);
    }
    super.put(body);
  }

  @Override
  public Optional<StoredPayload> open(String id) {
    if (down) {
      throw new PayloadStoreException("connection refused", id, true, null);
    }
    Optional<StoredPayload> stored = super.open(id);
    if (!corrupt || stored.isEmpty()) {
      return stored;
    }
    StoredPayload original = stored.get();
    return Optional.of(StoredPayload.of(original.record(), () -> {
      try (var in = original.openStream()) {
        byte[] bytes = in.readAllBytes();
        bytes[bytes.length / 2] ^= 1;
        return new ByteArrayInputStream(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }
}
