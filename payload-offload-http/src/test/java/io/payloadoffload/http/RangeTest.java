package io.payloadoffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.StoredPayload;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Range requests over the original bytes, ETags from the checksum, If-None-Match and If-Range. */
class RangeTest {
  private static final String SESSION = "sess_range";
  private static final byte[] PAYLOAD = Payloads.json(1_000_000);
  private static final int SIZE = PAYLOAD.length;
  private static ServletServer server;
  private static PayloadEnvelope envelope;
  private static String etag;

  @BeforeAll
  static void start() throws Exception {
    server = ServletServer.start();
    envelope = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);
    etag = "\"" + envelope.checksum().orElseThrow() + "\"";
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<byte[]> get(String... headers) throws Exception {
    String[] all = Arrays.copyOf(new String[] {"Authorization", "Bearer " + SESSION}, 2 + headers.length);
    System.arraycopy(headers, 0, all, 2, headers.length);
    return server.send("GET", server.path(envelope), all);
  }

  @Test
  void aRangeGets206WithItsBytesOfTheOriginal() throws Exception {
    String[][] cases = {{"bytes=0-99", "0", "99"}, {"bytes=500000-", "500000", String.valueOf(SIZE - 1)},
        {"bytes=-100", String.valueOf(SIZE - 100), String.valueOf(SIZE - 1)},
        {"bytes=999990-2000000", "999990", String.valueOf(SIZE - 1)}, {"bytes=70000-200000", "70000", "200000"}};
    for (String[] c : cases) {
      HttpResponse<byte[]> response = get("Range", c[0], "Accept-Encoding", "zstd");
      int first = Integer.parseInt(c[1]);
      int last = Integer.parseInt(c[2]);

      assertThat(response.statusCode()).as(c[0]).isEqualTo(206);
      assertThat(response.headers().firstValue("Content-Range")).as(c[0]).hasValue("bytes " + first + "-" + last + "/" + SIZE);
      assertThat(response.headers().firstValue("Content-Encoding")).as("a range is identity bytes").isEmpty();
      assertThat(response.body()).as(c[0]).isEqualTo(Arrays.copyOfRange(PAYLOAD, first, last + 1));
    }
  }

  @Test
  void aRangeStartingAtTheEndGets416WithTheSize() throws Exception {
    for (String range : List.of("bytes=" + SIZE + "-", "bytes=" + (SIZE + 10) + "-" + (SIZE + 20), "bytes=-0")) {
      HttpResponse<byte[]> response = get("Range", range);

      assertThat(response.statusCode()).as(range).isEqualTo(416);
      assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
    }
  }

  @Test
  void severalRangesOrBadSyntaxGetTheWholePayload() throws Exception {
    for (String range : List.of("bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc", "bytes=-")) {
      HttpResponse<byte[]> response = get("Range", range);

      assertThat(response.statusCode()).as(range).isEqualTo(200);
      assertThat(response.body()).as(range).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void ifNoneMatchWithTheEtagOfEitherRepresentationGets304() throws Exception {
    String encoded = "\"" + envelope.checksum().orElseThrow() + "-zstd\"";
    for (String tag : List.of(etag, encoded, "W/" + etag, "\"other\", " + etag, "*")) {
      HttpResponse<byte[]> response = get("If-None-Match", tag);

      assertThat(response.statusCode()).as(tag).isEqualTo(304);
      assertThat(response.body()).isEmpty();
      assertThat(response.headers().firstValue("ETag")).hasValue(etag);
    }
    assertThat(get("If-None-Match", "\"sha256:" + "0".repeat(64) + "\"").statusCode()).isEqualTo(200);
  }

  @Test
  void ifRangeKeepsTheRangeOnlyForTheSamePayload() throws Exception {
    String lastModified = get().headers().firstValue("Last-Modified").orElseThrow();

    assertThat(get("Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    assertThat(get("Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(206);
    HttpResponse<byte[]> changed = get("Range", "bytes=0-9", "If-Range", "\"sha256:" + "0".repeat(64) + "\"");
    HttpResponse<byte[]> weak = get("Range", "bytes=0-9", "If-Range", "W/" + etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo(PAYLOAD);
    assertThat(weak.statusCode()).isEqualTo(200);
  }

  @Test
  void lastModifiedIsAnImfFixdateWithATwoDigitDayThatIfRangeAccepts() throws Exception {
    ZonedDateTime created = ZonedDateTime.now(ZoneOffset.UTC).plusMonths(1).withDayOfMonth(5).withHour(8)
        .withMinute(9).withSecond(7).withNano(250_000_000);
    PayloadEnvelope fifth = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256,
        Clock.fixed(created.toInstant(), ZoneOffset.UTC));
    String imfFixdate = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).format(created);

    HttpResponse<byte[]> whole = server.send("GET", server.path(fifth), "Authorization", "Bearer " + SESSION);
    HttpResponse<byte[]> part = server.send("GET", server.path(fifth), "Authorization", "Bearer " + SESSION,
        "Range", "bytes=0-9", "If-Range", imfFixdate);

    assertThat(imfFixdate).matches("[A-Z][a-z]{2}, 05 [A-Z][a-z]{2} \\d{4} 08:09:07 GMT");
    assertThat(whole.headers().firstValue("Last-Modified")).hasValue(imfFixdate);
    assertThat(part.statusCode()).isEqualTo(206);
  }

  @Test
  void aFiftyMegabyteDownloadLostAt90PercentResumesWithRange() throws Exception {
    byte[] large = Payloads.json(50_000_000);
    PayloadEnvelope big = server.offload(large, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);
    int lostAt = large.length / 10 * 9;
    ByteArrayOutputStream received = new ByteArrayOutputStream(large.length);
    HttpResponse<InputStream> first = server.stream(server.path(big), "Authorization", "Bearer " + SESSION);
    String bigEtag = first.headers().firstValue("ETag").orElseThrow();
    try (InputStream in = first.body()) {
      received.write(in.readNBytes(lostAt));
    }

    HttpResponse<byte[]> rest = server.send("GET", server.path(big), "Authorization", "Bearer " + SESSION,
        "Range", "bytes=" + lostAt + "-", "If-Range", bigEtag);

    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.headers().firstValue("Content-Range"))
        .hasValue("bytes " + lostAt + "-" + (large.length - 1) + "/" + large.length);
    assertThat(rest.body()).hasSize(large.length - lostAt);
    received.write(rest.body());
    assertThat(Payloads.sha256(received.toByteArray())).isEqualTo(big.checksum().orElseThrow());
  }

  @Test
  void aRangeOfADamagedPayloadIsNeverSentAsComplete() throws Exception {
    try (ServletServer damaged = ServletServer.start(new ForwardingPayloadStore(new InMemoryPayloadStore()) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(p.record(), () -> {
          try (InputStream in = p.openStream()) {
            byte[] all = in.readAllBytes();
            all[all.length - 1] ^= 1;
            return new ByteArrayInputStream(all);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
    }, b -> b); CapturedOutput out = CapturedOutput.start()) {
      PayloadEnvelope stored = damaged.offload(PAYLOAD, SESSION, Compression.NONE, ChecksumAlgorithm.SHA256);

      HttpResponse<byte[]> response = damaged.send("GET", damaged.path(stored), "Authorization", "Bearer " + SESSION,
          "Range", "bytes=0-99");

      assertThat(response.statusCode()).as("the checksum at the end fails before the range goes out").isEqualTo(500);
      out.assertNoLeak(List.of(PAYLOAD), List.of(SESSION), List.of(new String(response.body())));
    }
  }
}
