package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.randomBytes;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.recordFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Failures as they happen in production, against s3proxy in this JVM: the same scenarios on each kind
 * of client the store runs on ({@link S3FaultTest}, {@link AsyncClientFaultTest}).
 */
abstract class S3FaultScenarios {
  private static final int MIB = 1024 * 1024;

  /**
   * The server of the subclass's kind of store.
   *
   * @return the server, started for the class
   */
  abstract S3ProxyServer server();

  @Test
  void serverStoppedMidUploadLeavesNoVisiblePayloadAndNoUploadAfterCleanup() throws Exception {
    byte[] bytes = randomBytes(new Random(21), 16 * MIB);
    PayloadRecord record = recordFor(newId(), bytes).build();
    int port = server().port();
    List<String> messages = new ArrayList<>();
    try (CapturedOutput out = CapturedOutput.start();
        S3PayloadStore store = server().storeBuilder().partSizeBytes(5 * MIB).uploadConcurrency(2).build()) {
      InputStream stopsTheServer = new OnceAfter(new ByteArrayInputStream(bytes), 11 * MIB, () -> {
        try {
          server().stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      assertThatThrownBy(() -> store.put(PayloadBody.of(record, stopsTheServer)))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            messages.add(e.getMessage());
            assertThat(e.isRetryable()).as("a server that went away is worth retrying").isTrue();
            assertThat(e.getCause()).as("no SDK type reaches the caller").isNull();
          });

      server().start(port);
      assertThat(store.open(record.id())).as("open after the put failed").isEmpty();
      assertThat(store.abortStaleUploads(Duration.ZERO))
          .as("uploads the failed put could not abort while the server was down").isEqualTo(1);
      try (S3Client s3 = server().client()) {
        assertThat(s3.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET)).uploads())
            .as("multipart uploads left after cleanup").isEmpty();
      }
      out.assertNoLeak(List.of(bytes), List.of(S3ProxyServer.SECRET_KEY), messages);
    }
  }

  /**
   * The expiry marker is written while the body is compressed; it must exist before the data object
   * does, or a put that dies in between leaves bytes the sweeper never finds. Here the marker's PUT
   * stalls, then its connection drops: the put fails and no data object was written.
   */
  @Test
  void aMarkerWriteThatStallsThenFailsLeavesNoDataObject() {
    ExecutionInterceptor markerStallsThenFails = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().encodedPath().contains("/expiry/")) {
          try {
            Thread.sleep(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw SdkClientException.create("Connection reset while writing the expiry marker");
        }
      }
    };
    try (S3Client s3 = server().client();
        S3PayloadStore store = server().storeBuilder(markerStallsThenFails).keyPrefix("marker-fails").build()) {
      byte[] bytes = randomBytes(new Random(26), 1000);
      PayloadRecord record = recordFor(newId(), bytes).build();

      assertThatThrownBy(() -> store.put(PayloadBody.of(record, bytes)))
          .isInstanceOf(PayloadStoreException.class)
          .hasMessageContaining("expiry marker");

      assertThat(s3.listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix("marker-fails/data/")).contents())
          .as("data objects after the marker failed").isEmpty();
      assertThat(store.open(record.id())).isEmpty();
    }
  }

  @Test
  void aDataObjectReplacedAfterItsPutIsDetectedOnRead() throws IOException {
    try (S3PayloadStore store = server().storeBuilder().keyPrefix("corrupt-replaced").partSizeBytes(5 * MIB).build();
        S3Client s3 = server().client()) {
      byte[] bytes = randomBytes(new Random(22), 6 * MIB);
      PayloadRecord record = put(store, bytes);
      byte[] other = bytes.clone();
      other[MIB / 2] ^= 1;
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(dataKey(s3, "corrupt-replaced/", record.id())),
          RequestBody.fromBytes(other));

      StoredPayload stored = store.open(record.id()).orElseThrow();
      try (InputStream in = stored.openStream()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
      }
    }
  }

  /**
   * A single object replaced after it was opened: each stream of the open asks for the bytes after
   * the header with the ETag the open read, so a stream after the replacement fails.
   */
  @Test
  void aSingleObjectReplacedAfterItWasOpenedIsDetectedByTheNextStream() throws IOException {
    try (S3PayloadStore store = server().storeBuilder().keyPrefix("corrupt-replaced-single").build();
        S3Client s3 = server().client()) {
      byte[] bytes = randomBytes(new Random(27), MIB);
      PayloadRecord record = put(store, bytes);
      String key = "corrupt-replaced-single/records/" + record.id();
      StoredPayload stored = store.open(record.id()).orElseThrow();
      try (InputStream in = stored.openStream()) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      byte[] object = s3.getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(key)).asByteArray();
      object[object.length - MIB / 2] ^= 1;
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(object));

      try (InputStream in = stored.openStream()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
      }
    }
  }

  @Test
  void aTruncatedDataObjectIsDetectedOnRead() throws IOException {
    try (S3PayloadStore store = server().storeBuilder().keyPrefix("corrupt-truncated").partSizeBytes(5 * MIB).build();
        S3Client s3 = server().client()) {
      byte[] bytes = randomBytes(new Random(23), 6 * MIB);
      PayloadRecord record = put(store, bytes);
      StoredPayload stored = store.open(record.id()).orElseThrow();
      // The If-Match of the read would catch a replaced object anyway; a store that lost the ETag check
      // (an object truncated in place, on a server with no ETag) still fails on the size.
      String key = dataKey(s3, "corrupt-truncated/", record.id());
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(new byte[10]));

      try (InputStream in = stored.openStream()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
      }
    }
  }

  @Test
  void aCorruptRecordObjectIsANonRetryableIntegrityError() {
    try (S3PayloadStore store = server().storeBuilder().keyPrefix("corrupt-record").build();
        S3Client s3 = server().client()) {
      PayloadRecord record = put(store, new byte[] {1, 2, 3});
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key("corrupt-record/records/" + record.id()),
          RequestBody.fromString("{\"id\":\"" + record.id() + "\",\"storedSizeBytes\":\"many\"}"));

      assertThatThrownBy(() -> store.open(record.id()))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getCause()).isInstanceOf(PayloadIntegrityException.class);
          });
      assertThat(store.delete(record.id())).as("a corrupt payload can still be deleted").isTrue();
      assertThat(store.open(record.id())).isEmpty();
    }
  }

  @Test
  void aMissingBucketIsNotRetryableAndSaysWhatToFix() {
    try (S3PayloadStore store = server().storeBuilder().bucket("no-such-bucket").build()) {
      assertThatThrownBy(() -> store.open(newId()))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("bucket no-such-bucket does not exist", "NoSuchBucket",
                "request id");
            assertThat(e.getCause()).isNull();
          });
    }
  }

  @Test
  void wrongCredentialsAreNotRetryableAndNeverShowTheSecret() {
    String wrongSecret = "wrong-secret-that-must-not-leak";
    List<String> messages = new ArrayList<>();
    try (CapturedOutput out = CapturedOutput.start();
        S3PayloadStore store = server().storeBuilder(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, wrongSecret))).build()) {
      byte[] bytes = randomBytes(new Random(24), 1000);
      assertThatThrownBy(() -> put(store, bytes))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            messages.add(e.getMessage());
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 403", "access denied", "check the credentials");
          });
      out.assertNoLeak(List.of(bytes), List.of(wrongSecret, S3ProxyServer.SECRET_KEY), messages);
    }
  }

  /**
   * Two nodes (two stores on one prefix) sweeping at the same instant. s3proxy 2.6.0 ignores
   * {@code If-None-Match} on PutObject, so the sweepers' claims decide nothing (the stores find that out
   * and sweep without them): the test holds what is guaranteed (every expired payload and all its
   * objects gone, every live one intact, no error, each payload counted by at least one and at most
   * both), see docs/s3.md.
   */
  @Test
  void twoNodesSweepingAtOnceDeleteEveryExpiredPayloadAndNoLiveOne() throws Exception {
    try (S3PayloadStore nodeA = server().storeBuilder().keyPrefix("two-sweepers").build();
        S3PayloadStore nodeB = server().storeBuilder().keyPrefix("two-sweepers").build()) {
      assertThat(sweepWithTwoNodes(nodeA, nodeB, "two-sweepers"))
          .as("payloads counted by both nodes").isBetween(40L, 80L);
    }
  }

  /**
   * The same on a server that honours {@code If-None-Match: *} on PutObject, as AWS S3, MinIO and R2
   * do: s3proxy 2.6.0 does not, so the one decision such a server makes (create the object unless it
   * exists, atomically) is made by an interceptor both nodes' clients share, in front of s3proxy. The
   * counts of the two nodes then add up to the number of expired payloads exactly.
   */
  @Test
  void twoNodesSweepingAtOnceCountEachExpiredPayloadOnceWhereConditionalWritesHold() throws Exception {
    IfNoneMatchServer conditional = new IfNoneMatchServer();
    try (S3PayloadStore nodeA = server().storeBuilder(conditional).keyPrefix("claiming-sweepers").build();
        S3PayloadStore nodeB = server().storeBuilder(conditional).keyPrefix("claiming-sweepers").build()) {
      assertThat(sweepWithTwoNodes(nodeA, nodeB, "claiming-sweepers"))
          .as("payloads counted by the two nodes together").isEqualTo(40L);
      assertThat(conditional.refused()).as("claims refused because the other node held them").isPositive();
    }
  }

  /**
   * Puts 40 expired and 5 live payloads, lets both nodes sweep at once until neither finds more, checks
   * what is left, and returns the sum of the nodes' counts.
   */
  private long sweepWithTwoNodes(S3PayloadStore nodeA, S3PayloadStore nodeB, String prefix) throws Exception {
    Instant now = Instant.now();
    Instant created = now.minus(Duration.ofDays(2));
    List<String> expired = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expired.add(putExpiringAt(i % 2 == 0 ? nodeA : nodeB, created, created.plus(Duration.ofMinutes(i))));
    }
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      live.add(putExpiringAt(nodeA, created, now.plus(Duration.ofDays(1))));
    }
    long counted = 0;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> sweeps = new ArrayList<>();
      for (S3PayloadStore node : List.of(nodeA, nodeB)) {
        sweeps.add(pool.submit(() -> {
          start.await();
          long total = 0;
          long deleted;
          do {
            deleted = node.deleteExpired(now, 3);
            total += deleted;
          } while (deleted > 0);
          return total;
        }));
      }
      start.countDown();
      for (Future<Long> sweep : sweeps) {
        counted += sweep.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String id : expired) {
      assertThat(nodeA.open(id)).as("expired %s", id).isEmpty();
    }
    for (String id : live) {
      assertThat(nodeB.open(id)).as("live %s", id).isPresent();
    }
    try (S3Client s3 = server().client()) {
      // Keys ending in / are the directories of s3proxy's filesystem blobstore, not objects.
      assertThat(s3.listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/"))
          .contents().stream().filter(o -> !o.key().endsWith("/")))
          .as("objects left: marker and single object of each live payload, no claim").hasSize(2 * live.size());
    }
    return counted;
  }

  private static String putExpiringAt(S3PayloadStore store, Instant created, Instant expiresAt) {
    byte[] bytes = expiresAt.toString().getBytes(StandardCharsets.UTF_8);
    PayloadRecord record = recordFor(newId(), bytes).createdAt(created).expiresAt(expiresAt).build();
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    return record.id();
  }

  private static PayloadRecord put(S3PayloadStore store, byte[] bytes) {
    PayloadRecord record = recordFor(newId(), bytes).build();
    store.put(PayloadBody.of(record, bytes));
    return record;
  }

  private static String dataKey(S3Client s3, String prefix, String id) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "data/" + id + "/")).contents()
        .forEach(o -> keys.add(o.key()));
    assertThat(keys).as("data objects of %s", id).hasSize(1);
    return keys.get(0);
  }

  /** Passes bytes through, and runs an action once, when the given number of bytes has been read. */
  private static final class OnceAfter extends FilterInputStream {
    private final Runnable action;
    private long remaining;

    OnceAfter(InputStream in, long after, Runnable action) {
      super(in);
      this.remaining = after;
      this.action = action;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, remaining > 0 ? (int) Math.min(len, remaining) : len);
      if (n > 0 && remaining > 0 && (remaining -= n) == 0) {
        action.run();
      }
      return n;
    }

    @Override
    public int read() {
      throw new UncheckedIOException(new IOException("single-byte reads are not used by the store"));
    }
  }
}
