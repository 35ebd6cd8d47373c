package io.payloadoffload.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a run happened on.
 *
 * @param cores available processors
 * @param cpu the CPU model, or {@code unknown}
 * @param memoryBytes physical memory
 * @param os operating system name, version and architecture
 * @param jdk the Java runtime and VM
 * @param loadAverage the one-minute load average when the run started, or -1 when unknown
 */
public record Machine(int cores, String cpu, long memoryBytes, String os, String jdk, double loadAverage) {

  /**
   * Describes this machine.
   *
   * @return the description
   */
  public static Machine current() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), os.getTotalMemorySize(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        os.getSystemLoadAverage());
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "unknown";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
