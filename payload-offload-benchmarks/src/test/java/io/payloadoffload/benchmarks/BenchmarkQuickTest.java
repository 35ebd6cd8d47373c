package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every comparison once in quick mode (tiny sizes, short runs) and checks what does not depend
 * on timing: every path gives back the original bytes, and the report renders. Timings are never
 * asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchmarkQuickTest {
  private static final Path OUT = Path.of("target", "benchmark-quick");

  private Results results;

  @BeforeAll
  void runQuickMode() throws IOException {
    results = new BenchmarkReport(Settings.quick()).run();
    BenchmarkReport.write(results, OUT);
  }

  @Test
  void everyStoragePathResolvesTheOriginalBytes() {
    List<OffloadResolveComparison.Result> all = new ArrayList<>(results.json());
    all.add(results.binary());
    assertThat(all).hasSize(Settings.quick().jsonSizes().size() + 1);
    for (OffloadResolveComparison.Result r : all) {
      assertThat(r.identical())
          .as(r.label())
          .containsOnlyKeys(Results.LIBRARY_BYTES, Results.LIBRARY_JSON, Results.MINIMAL, Results.ORIGINAL)
          .doesNotContainValue(false);
    }
  }

  @Test
  void inlinePathReturnsJacksonsBytes() {
    assertThat(results.inlineSameBytes()).isTrue();
    assertThat(results.inline()).extracting(InlineComparison.Row::size).containsExactly(10_240, 102_400);
  }

  @Test
  void fastPathRunsOnAndOffInForkedJvms() {
    assertThat(results.fastPaths()).singleElement().satisfies(row -> {
      assertThat(row.fastPath()).isEqualTo("parallelChecksum");
      assertThat(row.on().mean()).isPositive();
      assertThat(row.off().mean()).isPositive();
    });
  }

  @Test
  void streamRoundTripSucceedsInASmallHeapWithIdenticalBytes() {
    MemoryBenchmark.Result m = results.memory();
    assertThat(m.identical()).isTrue();
    assertThat(m.bytes()).isEqualTo(Settings.quick().memoryStreamBytes());
    assertThat(m.maxHeap()).isLessThanOrEqualTo(256 * Settings.MIB);
  }

  @Test
  void bothS3PathsResolveTheOriginalBytesAndTheS3StreamRoundTripsInASmallHeap() {
    S3Comparison.Result s3 = results.s3();
    assertThat(s3.payloads()).hasSize(Settings.quick().jsonSizes().size());
    for (OffloadResolveComparison.Result r : s3.payloads()) {
      assertThat(r.identical()).as(r.label())
          .containsOnlyKeys(Results.LIBRARY_BYTES, RawS3Path.NAME)
          .doesNotContainValue(false);
    }
    assertThat(s3.memory().identical()).isTrue();
    assertThat(s3.memory().bytes()).isEqualTo(Settings.quick().memoryStreamBytes());
    assertThat(s3.memory().maxHeap()).isLessThanOrEqualTo(256 * Settings.MIB);
  }

  @Test
  void bothConcurrencySidesCompleteOffloads() {
    assertThat(results.concurrencyLibrary().offloads()).isPositive();
    assertThat(results.concurrencyMinimal().offloads()).isPositive();
  }

  @Test
  void sweeperDeletesEveryExpiredPayloadWhilePutsContinue() {
    assertThat(results.sweeper().rows()).isEqualTo(Settings.quick().sweeperRows());
    assertThat(results.sweeper().putsDuring().puts()).isPositive();
  }

  @Test
  void everyHttpFetchPathServesThePayloadAndPassThroughSendsTheStoredBytes() {
    HttpFetchComparison.Result h = results.httpFetch();
    assertThat(h.payloads()).hasSize(Settings.quick().jsonSizes().size());
    for (String payload : h.payloads()) {
      for (String path : List.of(HttpFetchComparison.PASS_THROUGH, HttpFetchComparison.DECOMPRESS,
          HttpFetchComparison.MINIMAL)) {
        HttpFetchComparison.Row row = h.row(payload, path);
        assertThat(row.fetches()).as(payload + ", " + path).isPositive();
        assertThat(row.perSecond()).as(payload + ", " + path + ": between its slowest and fastest slice")
            .isBetween(row.slowestSlice(), row.fastestSlice());
        assertThat(row.slowestSlice()).as(payload + ", " + path).isPositive();
      }
      assertThat(h.row(payload, HttpFetchComparison.PASS_THROUGH).bodyBytes())
          .isEqualTo(h.row(payload, HttpFetchComparison.MINIMAL).bodyBytes())
          .isLessThan(h.row(payload, HttpFetchComparison.DECOMPRESS).bodyBytes());
    }
  }

  @Test
  void reportAndChartAreWritten() throws IOException {
    String md = Files.readString(OUT.resolve("benchmarks.md"), StandardCharsets.UTF_8);
    assertThat(md).contains("quick mode", Report.COMMAND, "## Summary", "## Machine", "## 1. Offload",
        "## 2. Resolve", "## 3. Inline path (JMH)",
        "## 3b. Fast paths on and off (JMH)", "## 4. Memory", "## 5. Concurrency", "## 6. Sweeper",
        "## 7. S3 (s3proxy)", "7. S3 offload", "7. S3 resolve", "7. S3 memory",
        "## 8. HTTP fetch",
        "PostgreSQL | 17", "shared_buffers", "synchronous_commit", Report.CHART_FILE);
    assertThat(md).doesNotContain("**NO**", "NaN");
    String svg = Files.readString(OUT.resolve(Report.CHART_FILE), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<svg").contains("Offload", "Resolve", "<polyline");
  }
}
