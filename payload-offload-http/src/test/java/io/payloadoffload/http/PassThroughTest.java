package io.payloadoffload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.luben.zstd.ZstdInputStream;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.StoredPayload;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stored bytes go out as they are when the client accepts their compression; else the original bytes. */
class PassThroughTest {
  private static final String SESSION = "sess_pass";
  private static final byte[] PAYLOAD = Payloads.json(2_000_000);
  private static ServletServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ServletServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void acceptEncodingZstdGetsTheStoredZstdBytesAndTheOriginalsChecksum() throws Exception {
    PayloadEnvelope envelope = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);

    HttpResponse<byte[]> response = server.send("GET", server.path(envelope), "Authorization", "Bearer " + SESSION,
        "Accept-Encoding", "gzip, deflate, br, zstd");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("zstd");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(response.body()).isEqualTo(stored(envelope)).hasSize((int) envelope.storedSizeBytes());
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(envelope.storedSizeBytes());
    assertThat(response.headers().firstValueAsLong(PayloadServlet.SIZE_HEADER)).hasValue(PAYLOAD.length);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + envelope.checksum().orElseThrow() + "-zstd\"");
    byte[] decoded = new ZstdInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
    assertThat(Payloads.sha256(decoded)).isEqualTo(response.headers().firstValue(PayloadServlet.CHECKSUM_HEADER).orElseThrow());
    assertThat(decoded).isEqualTo(PAYLOAD);
    assertThat(response.body().length * 4L).as("JSON stored as zstd is at least 4x smaller").isLessThan(PAYLOAD.length);
  }

  @Test
  void acceptEncodingGzipGetsTheStoredGzipBytes() throws Exception {
    PayloadEnvelope envelope = server.offload(PAYLOAD, SESSION, Compression.GZIP, ChecksumAlgorithm.CRC32C);

    HttpResponse<byte[]> response = server.send("GET", server.path(envelope), "Authorization", "Bearer " + SESSION,
        "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.body()).isEqualTo(stored(envelope));
    assertThat(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()).isEqualTo(PAYLOAD);
    assertThat(response.headers().firstValue(PayloadServlet.CHECKSUM_HEADER)).isEqualTo(envelope.checksum());
  }

  @Test
  void anotherOrRefusedEncodingGetsTheOriginalBytes() throws Exception {
    PayloadEnvelope zstd = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);
    PayloadEnvelope none = server.offload(PAYLOAD, SESSION, Compression.NONE, ChecksumAlgorithm.SHA256);
    List<String[]> requests = List.of(new String[] {server.path(zstd), "gzip, br"},
        new String[] {server.path(zstd), "zstd;q=0, gzip;q=0.5"}, new String[] {server.path(zstd), "*"},
        new String[] {server.path(none), "zstd, gzip"});
    for (String[] request : requests) {
      HttpResponse<byte[]> response = server.send("GET", request[0], "Authorization", "Bearer " + SESSION,
          "Accept-Encoding", request[1]);

      assertThat(response.headers().firstValue("Content-Encoding")).as(request[1]).isEmpty();
      assertThat(response.body()).as(request[1]).isEqualTo(PAYLOAD);
      assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }
  }

  @Test
  void headPassesThroughTheSameHeadersWithoutABody() throws Exception {
    PayloadEnvelope envelope = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);

    HttpResponse<byte[]> head = server.send("HEAD", server.path(envelope), "Authorization", "Bearer " + SESSION,
        "Accept-Encoding", "zstd");

    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Encoding")).hasValue("zstd");
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(envelope.storedSizeBytes());
  }

  @Test
  void aStoreThatReturnsTooFewStoredBytesAbortsThePassThroughAndLogsNoPayload() throws Exception {
    byte[] large = Payloads.json(5_000_000);
    try (ServletServer shortStore = ServletServer.start(new ForwardingPayloadStore(new InMemoryPayloadStore()) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(p.record(), () -> {
          try (InputStream in = p.openStream()) {
            byte[] all = in.readAllBytes();
            return new ByteArrayInputStream(Arrays.copyOf(all, all.length - 1));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
    }, b -> b); CapturedOutput out = CapturedOutput.start()) {
      PayloadEnvelope envelope = shortStore.offload(large, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);
      assertThat(envelope.storedSizeBytes()).as("more than the two buffers").isGreaterThan(2L * PayloadServlet.DEFAULT_BUFFER_BYTES);

      Throwable outcome = catchThrowable(() -> {
        HttpResponse<byte[]> response = shortStore.send("GET", shortStore.path(envelope),
            "Authorization", "Bearer " + SESSION, "Accept-Encoding", "zstd");
        assertThat(response.body().length).as("a complete-looking body").isLessThan((int) envelope.storedSizeBytes());
      });

      assertThat(outcome).as("the transfer must break").isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);
      assertThat(out.text()).contains("response aborted after its headers were sent");
      out.assertNoLeak(List.of(large), List.of(SESSION), List.of());
    }
  }

  private static byte[] stored(PayloadEnvelope envelope) throws IOException {
    try (InputStream in = server.store.open(envelope.transactionId()).orElseThrow().openStream()) {
      return in.readAllBytes();
    }
  }
}
