package io.payloadoffload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The response an open kept: handed to the first stream once, aborted rather than drained. */
class HeldResponseTest {
  private static final int SIZE = 8 * 1024 * 1024;

  @Test
  void aStreamClosedAfterAFewBytesAbortsTheResponseInsteadOfReadingItToTheEnd() throws IOException {
    Response response = new Response();
    HeldResponse held = new HeldResponse(response.stream);
    try (InputStream in = stream(held)) {
      assertThat(in.readNBytes(10)).hasSize(10);
    }
    assertThat(response.aborted).as("aborted").isTrue();
    assertThat(response.source.available()).as("bytes left unread").isEqualTo(SIZE - 10);
  }

  @Test
  void aStreamClosedUnreadAbortsTheResponse() throws IOException {
    Response response = new Response();
    HeldResponse held = new HeldResponse(response.stream);
    stream(held).close();
    assertThat(response.aborted).as("aborted").isTrue();
    assertThat(response.source.available()).as("bytes left unread").isEqualTo(SIZE);
  }

  @Test
  void theResponseIsHandedOverOnce() {
    Response first = new Response();
    HeldResponse once = new HeldResponse(first.stream);
    assertThat(once.get()).isSameAs(first.stream);
    assertThat(once.get()).isNull();
    assertThat(new HeldResponse(null).get()).as("none held").isNull();
  }

  private static InputStream stream(HeldResponse held) {
    return new DataStream(null, "bucket", "key", "etag", 100, SIZE, false, "txn_test", e -> "failed", held);
  }

  /** A response over {@value #SIZE} bytes that notes an abort. */
  private static final class Response {
    final ByteArrayInputStream source = new ByteArrayInputStream(new byte[SIZE]);
    boolean aborted;
    final ResponseInputStream<GetObjectResponse> stream = new ResponseInputStream<>(
        GetObjectResponse.builder().contentLength((long) SIZE).build(),
        AbortableInputStream.create(source, () -> aborted = true));
  }
}
