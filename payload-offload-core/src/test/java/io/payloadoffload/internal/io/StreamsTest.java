package io.payloadoffload.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StreamsTest {
  @Test
  void readAtMostReturnsOneByteMoreWhenTheStreamHoldsMore() throws IOException {
    assertThat(Streams.readAtMost(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3))
        .containsExactly(1, 2, 3, 4);
    assertThat(Streams.readAtMost(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6}), 3)).hasSize(4);
  }

  @Test
  void readAtMostReturnsExactlyTheBytesOfAStreamThatEndsAtOrBeforeTheLimit() throws IOException {
    assertThat(Streams.readAtMost(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3)).containsExactly(1, 2, 3);
    assertThat(Streams.readAtMost(new ByteArrayInputStream(new byte[] {1, 2}), 3)).containsExactly(1, 2);
    assertThat(Streams.readAtMost(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
  }

  @Test
  void readAtMostReachesTheEndOfAStreamOfExactlyTheLimitSoAWrapperCanCheckIt() throws IOException {
    EndSeen in = new EndSeen(new ByteArrayInputStream(new byte[] {1, 2, 3}));
    Streams.readAtMost(in, 3);
    assertThat(in.ended).isTrue();
  }

  @Test
  void readByteSkipsReadsThatReturnNothing() throws IOException {
    InputStream stutter = new FilterInputStream(new ByteArrayInputStream(new byte[] {(byte) 200})) {
      private boolean gave;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        gave = !gave;
        return gave ? 0 : super.read(b, off, len);
      }
    };
    assertThat(Streams.readByte(stutter)).isEqualTo(200);
    assertThat(Streams.readByte(stutter)).isEqualTo(-1);
  }

  /** Records whether a read reported the end. */
  private static final class EndSeen extends FilterInputStream {
    boolean ended;

    EndSeen(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      ended |= n < 0;
      return n;
    }
  }
}
