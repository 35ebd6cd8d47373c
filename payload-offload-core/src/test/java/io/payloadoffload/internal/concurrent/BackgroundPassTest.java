package io.payloadoffload.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackgroundPassTest {

  @Test
  void passesEveryRangeOnceInOrderAcrossArrays() throws IOException {
    for (int run = 0; run < 200; run++) {
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      BackgroundPass pass = new BackgroundPass((b, from, to) -> seen.write(b, from, to - from));
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      for (int block = 0; block < 20; block++) {
        byte[] b = new byte[1000 + block];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (block * 31 + i);
        }
        int from = block % 3;
        pass.publish(b, from, b.length);
        sent.write(b, from, b.length - from);
        pass.publish(b, b.length, b.length);
      }
      pass.finish();
      assertThat(seen.toByteArray()).isEqualTo(sent.toByteArray());
    }
  }

  @Test
  void theProducerRunsThePassItselfWhenEveryPoolThreadIsBusy() throws IOException {
    List<BackgroundPass> busy = new ArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    int poolSize = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < poolSize; i++) {
      BackgroundPass p = new BackgroundPass((b, from, to) -> { });
      p.publish(new byte[1], 0, 1);
      busy.add(p);
    }
    BackgroundPass queued = new BackgroundPass((b, from, to) -> threads.add(Thread.currentThread().getName()));
    queued.publishLast(new byte[10], 0, 10);
    queued.finish();
    assertThat(threads).containsExactly(Thread.currentThread().getName());
    for (BackgroundPass p : busy) {
      p.finish();
    }
  }

  @Test
  void aFailedStepReachesTheProducerFromFinish() {
    BackgroundPass pass = new BackgroundPass((b, from, to) -> {
      throw new IOException("disk on fire");
    });
    pass.publish(new byte[5], 0, 5);
    assertThatThrownBy(pass::finish).isInstanceOf(IOException.class).hasMessage("disk on fire");
  }

  @Test
  void abandoningStopsBeforeTheNextRangeAndReleasesThePoolThread() throws IOException {
    AtomicInteger ranges = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      BackgroundPass pass = new BackgroundPass((b, from, to) -> ranges.incrementAndGet());
      pass.publish(new byte[4], 0, 4);
      pass.abandon();
    }
    int before = ranges.get();
    assertThat(before).isLessThanOrEqualTo(100);
    BackgroundPass after = new BackgroundPass((b, from, to) -> ranges.incrementAndGet());
    after.publishLast(new byte[4], 0, 4);
    after.finish();
    assertThat(ranges.get()).isEqualTo(before + 1);
  }

  @Test
  void anInterruptedProducerStillWaitsForThePassAndKeepsItsInterrupt() throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    BackgroundPass pass = new BackgroundPass((b, from, to) -> {
      seen.write(b, from, to - from);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    pass.publish(new byte[] {1, 2, 3}, 0, 3);
    pass.publish(new byte[] {4, 5}, 0, 2);
    Thread.currentThread().interrupt();
    try {
      pass.finish();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(seen.toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void withASingleProcessorTheProducerRunsEveryRangeItself() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=1", "-cp", System.getProperty("java.class.path"),
        SingleProcessor.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo("1 processor; ranges passed on: main");
  }

  /** Run in a JVM limited to one processor: prints the threads the ranges were passed on. */
  static final class SingleProcessor {
    public static void main(String[] args) throws IOException {
      Set<String> threads = new java.util.TreeSet<>();
      BackgroundPass pass = new BackgroundPass((b, from, to) -> threads.add(Thread.currentThread().getName()));
      for (int i = 0; i < 3; i++) {
        pass.publish(new byte[100], 0, 100);
      }
      pass.finish();
      System.out.println(Runtime.getRuntime().availableProcessors() + " processor; ranges passed on: "
          + String.join(", ", threads));
    }
  }
}
