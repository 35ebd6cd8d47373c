package io.payloadoffload.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Captures everything the process writes to {@link System#out} and {@link System#err} while it is
 * open, whatever logging backend writes it, and checks that no payload byte, bearer token or password
 * leaked into it. The output still reaches the console as well.
 *
 * <p>Use it around a fault-injection test, then assert on what was printed and on every message a
 * client received:
 *
 * <pre>{@code
 * try (CapturedOutput out = CapturedOutput.start()) {
 *   ... kill the backend, stall the database, corrupt a row ...
 *   out.assertNoLeak(List.of(payload), List.of(bearer, password), clientMessages);
 * }
 * }</pre>
 *
 * <p>A payload counts as leaked when any of several 16-byte windows of it (at its start, middle,
 * end and in between, each at a multiple of 3 so that its Base64 lines up with the payload's)
 * appears in the text as lowercase or uppercase hex, as Base64, or, for a payload that is text, as
 * the characters themselves. Not thread-safe to open twice at once: it replaces the process-wide
 * streams, so tests that use it must not run in parallel with each other.
 */
public final class CapturedOutput implements AutoCloseable {
  /** How long each probed window of a payload is: {@value} bytes. */
  public static final int WINDOW_BYTES = 16;
  private static final int WINDOWS = 9;

  private final PrintStream originalOut;
  private final PrintStream originalErr;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private boolean closed;

  private CapturedOutput() {
    this.originalOut = System.out;
    this.originalErr = System.err;
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
  }

  /**
   * Starts capturing.
   *
   * @return the capture; close it to restore the original streams
   */
  public static CapturedOutput start() {
    return new CapturedOutput();
  }

  /**
   * Everything written so far.
   *
   * @return the captured text, decoded as UTF-8
   */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Checks that neither the captured output nor any of the given client-facing messages contain a
   * payload's bytes or a secret.
   *
   * @param payloads payloads whose bytes must not appear (payloads under {@value #WINDOW_BYTES}
   *     bytes cannot be told from chance and are skipped)
   * @param secrets bearer tokens, passwords and the like that must not appear verbatim
   * @param clientMessages what clients were sent (error messages, response bodies)
   * @throws AssertionError naming what leaked and where
   */
  public void assertNoLeak(List<byte[]> payloads, List<String> secrets, List<String> clientMessages) {
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(clientMessages, "clientMessages");
    List<String> places = new ArrayList<>();
    places.add(text());
    places.addAll(clientMessages);
    for (int i = 0; i < places.size(); i++) {
      String where = i == 0 ? "the captured log output" : "client message #" + i;
      String text = places.get(i);
      for (String secret : secrets) {
        if (!secret.isEmpty() && text.contains(secret)) {
          throw new AssertionError("a secret of " + secret.length() + " characters appears in " + where);
        }
      }
      for (byte[] payload : payloads) {
        String probe = leakedWindow(payload, text);
        if (probe != null) {
          throw new AssertionError("payload bytes appear in " + where + " (as " + probe + ")");
        }
      }
    }
  }

  /** Restores the original streams. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private static String leakedWindow(byte[] payload, String text) {
    if (payload.length < WINDOW_BYTES) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    HexFormat hex = HexFormat.of();
    for (int w = 0; w < WINDOWS; w++) {
      int off = (int) ((long) (payload.length - WINDOW_BYTES) * w / (WINDOWS - 1));
      off -= off % 3;
      byte[] window = Arrays.copyOfRange(payload, off, off + WINDOW_BYTES);
      if (lower.contains(hex.formatHex(window))) {
        return "hex at offset " + off;
      }
      if (text.contains(Base64.getEncoder().encodeToString(window).substring(0, 20))) {
        return "Base64 at offset " + off;
      }
      String chars = new String(window, StandardCharsets.ISO_8859_1);
      if (isPrintable(chars) && text.contains(chars)) {
        return "text at offset " + off;
      }
    }
    return null;
  }

  private static boolean isPrintable(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !s.isBlank();
  }

  private final class Tee extends OutputStream {
    private final OutputStream console;

    Tee(OutputStream console) {
      this.console = console;
    }

    @Override
    public void write(int b) {
      synchronized (captured) {
        captured.write(b);
      }
      synchronized (console) {
        try {
          console.write(b);
        } catch (IOException ignored) {
          // The console is best effort; the capture is what the test reads.
        }
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (captured) {
        captured.write(b, off, len);
      }
      synchronized (console) {
        try {
          console.write(b, off, len);
        } catch (IOException ignored) {
          // The console is best effort; the capture is what the test reads.
        }
      }
    }
  }
}
