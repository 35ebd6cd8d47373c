package io.payloadoffload.benchmarks;

import com.github.luben.zstd.Zstd;
import io.payloadoffload.benchmarks.SideBySide.Timing;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Comparisons 1 and 2: offload and resolve one payload through the library, the minimal
 * hand-written path (a) and the original design's path (b), side by side. Not thread-safe.
 */
public final class OffloadResolveComparison {
  private final List<StoragePath<?>> paths;
  private final Runnable clearTables;

  /**
   * A comparison of the given paths.
   *
   * @param paths the paths, each named uniquely
   * @param clearTables empties every table the paths write, between payloads
   */
  public OffloadResolveComparison(List<StoragePath<?>> paths, Runnable clearTables) {
    this.paths = List.copyOf(paths);
    this.clearTables = clearTables;
  }

  /**
   * Times offload, then resolve, of one payload on every path, and checks that every path gives
   * back the payload's exact bytes.
   *
   * @param payload the payload
   * @param warmups warm-up rounds
   * @param rounds measured rounds
   * @return the timings
   */
  public Result run(Payload payload, int warmups, int rounds) {
    SideBySide offload = new SideBySide();
    for (StoragePath<?> path : paths) {
      offload.task(path.name(), () -> path.offload(payload));
    }
    Map<String, Timing> offloadTimes = offload.run(warmups, rounds);
    clearTables.run();

    SideBySide resolve = new SideBySide();
    Map<String, Boolean> identical = new LinkedHashMap<>();
    for (StoragePath<?> path : paths) {
      resolve.task(path.name(), prepareResolve(path, payload, identical));
    }
    Map<String, Timing> resolveTimes = resolve.run(warmups, rounds);
    clearTables.run();

    long zstd3 = Zstd.compress(payload.bytes(), 3).length;
    return new Result(payload.label(), payload.bytes().length, zstd3, offloadTimes, resolveTimes,
        identical);
  }

  private static <H> Runnable prepareResolve(StoragePath<H> path, Payload payload,
      Map<String, Boolean> identical) {
    H handle = path.offload(payload);
    identical.put(path.name(), Arrays.equals(path.resolve(handle), payload.bytes()));
    return () -> {
      if (path.resolve(handle).length != payload.bytes().length) {
        throw new IllegalStateException(path.name() + " resolved a wrong length for " + payload.label());
      }
    };
  }

  /**
   * What one payload measured.
   *
   * @param label the payload's label
   * @param bytes its size
   * @param zstd3Bytes its size compressed by zstd level 3
   * @param offload offload time by path name
   * @param resolve resolve time by path name
   * @param identical by path name, whether resolving gave back exactly the payload's bytes
   */
  public record Result(String label, long bytes, long zstd3Bytes, Map<String, Timing> offload,
      Map<String, Timing> resolve, Map<String, Boolean> identical) {

    /**
     * How many times zstd level 3 shrinks the payload.
     *
     * @return original size over compressed size
     */
    public double compressionRatio() {
      return (double) bytes / zstd3Bytes;
    }
  }
}
