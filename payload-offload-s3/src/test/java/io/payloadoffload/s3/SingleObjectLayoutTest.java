package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.randomBytes;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.recordFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.s3.internal.RecordJson;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A payload whose stored bytes fit in one part is one object at its record key, header and bytes:
 * one PUT besides its expiry marker, one GET to resolve it.
 */
class SingleObjectLayoutTest {
  private static final String SESSION = "session-42";

  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Test
  void aSmallPayloadIsOneObjectBesidesItsMarkerWrittenByOnePut() {
    RequestLog log = new RequestLog();
    try (S3Client s3 = server.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
        S3Client raw = server.client();
        S3PayloadStore store = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("one-object")
            .client(s3).build()) {
      byte[] bytes = randomBytes(new Random(41), 300_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));

      assertThat(keys(raw, "one-object/")).containsExactlyInAnyOrder("one-object/records/" + record.id(),
          "one-object/expiry/" + hour(record) + "/" + record.id());
      assertThat(log.puts).as("PUTs of the put").containsExactlyInAnyOrder("one-object/records/" + record.id(),
          "one-object/expiry/" + hour(record) + "/" + record.id());
    }
  }

  @Test
  void aResolveIsOneGetAndASecondStreamReadsTheBytesAfterTheHeader() throws IOException {
    RequestLog log = new RequestLog();
    try (S3Client s3 = server.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
        S3PayloadStore store = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("one-get")
            .client(s3).build();
        PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
      byte[] bytes = randomBytes(new Random(42), 1024 * 1024);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));
      log.gets.clear();

      try (PayloadStream in = resolver.openStreamById(record.id(), SESSION)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(log.gets).as("GETs of a resolve").containsExactly("one-get/records/" + record.id());

      log.gets.clear();
      StoredPayload stored = store.openForReading(record.id(), SESSION, Instant.now()).orElseThrow();
      try (InputStream first = stored.openStream(); InputStream second = stored.openStream()) {
        assertThat(second.readAllBytes()).as("second stream, a ranged GET").isEqualTo(bytes);
        assertThat(first.readAllBytes()).as("first stream, the open's GET").isEqualTo(bytes);
      }
      assertThat(log.gets).as("GETs of an open for reading and two streams").hasSize(2);
    }
  }

  @Test
  void onlyTheOwnersOpenForReadingKeepsItsResponseForTheStream() throws IOException {
    RequestLog log = new RequestLog();
    try (S3Client s3 = server.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
        S3PayloadStore store = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("keep")
            .client(s3).build()) {
      byte[] bytes = randomBytes(new Random(43), 300_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));
      Instant now = Instant.now();
      String[][] readers = {{SESSION, "1"}, {"another-session", "2"}, {null, "2"}};
      for (String[] reader : readers) {
        log.gets.clear();
        StoredPayload stored = store.openForReading(record.id(), reader[0], now).orElseThrow();
        try (InputStream in = stored.openStream()) {
          assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(log.gets).as("GETs to open and read for %s", reader[0]).hasSize(Integer.parseInt(reader[1]));
      }
      log.gets.clear();
      StoredPayload late = store.openForReading(record.id(), SESSION, record.expiresAt()).orElseThrow();
      try (InputStream in = late.openStream()) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(log.gets).as("GETs to open and read at its expiry").hasSize(2);
    }
  }

  @Test
  void aFlippedByteOfASingleObjectFailsTheResolveAsAnIntegrityError() {
    try (S3Client s3 = server.client();
        S3PayloadStore store = server.storeBuilder().keyPrefix("flipped").build();
        PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
      byte[] bytes = randomBytes(new Random(43), 100_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));
      String key = "flipped/records/" + record.id();
      byte[] object = s3.getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(key)).asByteArray();
      object[object.length - 1000] ^= 1;
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(object));

      assertThatThrownBy(() -> {
        try (PayloadStream in = resolver.openStreamById(record.id(), SESSION)) {
          in.readAllBytes();
        }
      }).isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void aTruncatedOrGarbledSingleObjectFailsTheOpenAsAnIntegrityError() {
    try (S3Client s3 = server.client();
        S3PayloadStore store = server.storeBuilder().keyPrefix("garbled").build()) {
      byte[] bytes = randomBytes(new Random(44), 100_000);
      for (int variant = 0; variant < 3; variant++) {
        PayloadRecord record = recordFor(newId(), bytes).build();
        store.put(PayloadBody.of(record, bytes));
        String key = "garbled/records/" + record.id();
        byte[] object = s3.getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(key)).asByteArray();
        byte[] damaged = switch (variant) {
          case 0 -> Arrays.copyOf(object, object.length - 10);
          case 1 -> Arrays.copyOf(object, 20);
          default -> {
            byte[] copy = object.clone();
            copy[0] = 'X';
            yield copy;
          }
        };
        s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(damaged));

        assertThatThrownBy(() -> store.open(record.id())).as("variant %d", variant)
            .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getCause()).isInstanceOf(PayloadIntegrityException.class);
            });
        assertThat(store.delete(record.id())).as("a damaged payload can still be deleted").isTrue();
        assertThat(keys(s3, "garbled/records/")).isEmpty();
      }
    }
  }

  /**
   * The put dies after its marker, at the object's PUT (a crash or a lost connection): nothing is
   * visible, and the only object left is the marker the sweeper lists.
   */
  @Test
  void aPutKilledBetweenMarkerAndObjectLeavesNothingVisible() {
    ExecutionInterceptor objectPutFails = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().encodedPath().contains("/records/")
            && context.httpRequest().method().name().equals("PUT")) {
          throw SdkClientException.create("Connection reset while writing the object");
        }
      }
    };
    try (S3Client failing = server.clientBuilder()
            .overrideConfiguration(c -> c.addExecutionInterceptor(objectPutFails)).build();
        S3Client s3 = server.client();
        S3PayloadStore store = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("killed")
            .client(failing).build()) {
      byte[] bytes = randomBytes(new Random(45), 5000);
      PayloadRecord record = recordFor(newId(), bytes).build();

      assertThatThrownBy(() -> store.put(PayloadBody.of(record, bytes))).isInstanceOf(PayloadStoreException.class);

      assertThat(store.open(record.id())).isEmpty();
      assertThat(keys(s3, "killed/")).containsExactly("killed/expiry/" + hour(record) + "/" + record.id());
    }
  }

  /** Payloads written before this layout (a JSON record object naming a data object) still read. */
  @Test
  void aPayloadOfTheEarlierLayoutIsReadAndDeleted() throws IOException {
    try (S3Client s3 = server.client();
        S3PayloadStore store = server.storeBuilder().keyPrefix("earlier").build()) {
      byte[] bytes = randomBytes(new Random(46), 50_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      String dataKey = "earlier/data/" + record.id() + "/upload-1";
      String marker = "earlier/expiry/" + hour(record) + "/" + record.id();
      String eTag = s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(dataKey), RequestBody.fromBytes(bytes))
          .eTag();
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(marker), RequestBody.empty());
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key("earlier/records/" + record.id()),
          RequestBody.fromBytes(RecordJson.encode(new RecordJson.Stored(record, dataKey, eTag))));

      StoredPayload stored = store.open(record.id()).orElseThrow();
      assertThat(stored.record()).isEqualTo(record);
      try (InputStream in = stored.openStream()) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(store.delete(record.id())).isTrue();
      assertThat(keys(s3, "earlier/")).isEmpty();
    }
  }

  private static String hour(PayloadRecord record) {
    return record.expiresAt().toString().substring(0, 13);
  }

  /** The objects under a prefix; keys ending in / are s3proxy's directories, not objects. */
  static List<String> keys(S3Client s3, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix)).contents().stream()
        .map(o -> o.key()).filter(k -> !k.endsWith("/")).toList();
  }
}
