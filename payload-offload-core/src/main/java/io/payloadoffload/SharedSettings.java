package io.payloadoffload;

import io.payloadoffload.internal.concurrent.Threads;
import io.payloadoffload.internal.pipeline.Listeners;
import io.payloadoffload.spi.PayloadStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The settings {@link PayloadOffloader.Builder} and {@link PayloadResolver.Builder} share (store,
 * listeners, executor, clock), each checked when it is set, with their defaults. Both builders'
 * setters delegate here, so the checks, the defaults and the rule for the executor have one home.
 * Package-private, so no type of it reaches the public API. Not thread-safe, like the builders.
 */
final class SharedSettings {
  private final String owner;
  private PayloadStore store;
  private final List<OffloadListener> listeners = new ArrayList<>();
  private Executor executor;
  private Clock clock = Clock.systemUTC();

  /** Settings for the builder of {@code owner}, the built type's simple name, named in errors. */
  SharedSettings(String owner) {
    this.owner = owner;
  }

  void store(PayloadStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  void listener(OffloadListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The store; throws {@link IllegalStateException} if none was set. */
  PayloadStore requireStore() {
    if (store == null) {
      throw new IllegalStateException("store is required: " + owner + ".builder().store(...)");
    }
    return store;
  }

  /** The listeners as one, called in the order added. */
  OffloadListener listener() {
    return Listeners.of(listeners);
  }

  Clock clock() {
    return clock;
  }

  /**
   * Where the {@code *Async} methods run: the executor set, or else a pool of daemon threads that the
   * built object owns and shuts down.
   */
  AsyncCalls asyncCalls(String threadName, int threads) {
    return executor != null ? new AsyncCalls(executor, null)
        : AsyncCalls.owned(Threads.daemonPool(threadName, threads));
  }

  /** Runs calls on an executor, and shuts it down on {@link #close()} only if it was created here. */
  static final class AsyncCalls implements AutoCloseable {
    private final Executor executor;
    private final ExecutorService owned;

    private AsyncCalls(Executor executor, ExecutorService owned) {
      this.executor = executor;
      this.owned = owned;
    }

    private static AsyncCalls owned(ExecutorService pool) {
      return new AsyncCalls(pool, pool);
    }

    /** Runs the call on the executor; an executor that refuses it gives a future failed with that. */
    <T> CompletableFuture<T> supply(Supplier<T> call) {
      try {
        return CompletableFuture.supplyAsync(call, executor);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void close() {
      if (owned != null) {
        owned.shutdown();
      }
    }
  }
}
