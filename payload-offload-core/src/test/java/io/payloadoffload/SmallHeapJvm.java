package io.payloadoffload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a new JVM with a small heap, to show that bad input is
 * rejected without the allocation it asks for: in the test JVM's own large heap a 2 GB array may
 * well succeed and hide the defect.
 */
public final class SmallHeapJvm {
  /** The heap of the new JVM: {@value}. */
  public static final String MAX_HEAP = "-Xmx64m";

  private SmallHeapJvm() {}

  /** How the JVM ended. */
  public static final class Result {
    /** The exit code. */
    public final int exitCode;
    /** Standard output and standard error, interleaved. */
    public final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  /**
   * Runs {@code main.main(args)} with {@link #MAX_HEAP} and the test class path.
   *
   * @param main the class whose main method to run
   * @param args its arguments
   * @return the exit code and the output
   * @throws IOException if the JVM cannot be started
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the JVM has not ended after five minutes (a hang guard, not a
   *     timing assertion)
   */
  public static Result run(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), MAX_HEAP,
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the small-heap JVM did not end: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
