package io.payloadoffload.internal.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
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
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * A pool that starts a daemon thread whenever none is idle and lets idle ones end after 30 s. For
   * calls whose caller may stop waiting for them: a call blocked in a stalled store keeps its thread,
   * and the next call must not queue behind it.
   *
   * @param name the thread name prefix
   * @return the pool; the caller shuts it down
   */
  public static ExecutorService elasticDaemonPool(String name) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon(name));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
