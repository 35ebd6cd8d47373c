package io.payloadoffload.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the daemon thread pools the offloader and resolver own when given no executor. */
public final class Threads {
  private Threads() {}

  /**
   * A fixed pool of daemon threads whose idle threads time out.
   *
   * @param name the thread name prefix
   * @param threads the most threads at once
   * @return the pool; the caller shuts it down
   */
  public static ExecutorService daemonPool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
