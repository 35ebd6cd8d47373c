package io.payloadoffload.micrometer;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadStore;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real store whose writes fail with a retryable error, as a database that went away does, while {@link #down} is set. */
final class DownableStore extends ForwardingPayloadStore {
  final AtomicBoolean down = new AtomicBoolean();

  DownableStore(PayloadStore delegate) {
    super(delegate);
  }

  @Override
  public void put(PayloadBody body) {
    if (down.get()) {
      throw new PayloadStoreException("the store is down (test)", body.header().id(), true, null);
    }
    super.put(body);
  }
}
