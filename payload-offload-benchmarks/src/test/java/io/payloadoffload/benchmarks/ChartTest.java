package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.benchmarks.SideBySide.Timing;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartTest {

  @Test
  void drawsOneLinePerPathInEachPanelAsWellFormedSvg() throws Exception {
    List<OffloadResolveComparison.Result> json = List.of(result(Settings.MIB, 5), result(10 * Settings.MIB, 60),
        result(50 * Settings.MIB, 400));
    String svg = Chart.svg(json);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(6);
    assertThat(svg).contains("1 MiB", "10 MiB", "50 MiB", "library", "(a) minimal", "(b) original");
  }

  private static OffloadResolveComparison.Result result(long bytes, long millis) {
    Map<String, Timing> times = Map.of(
        Results.LIBRARY_BYTES, timing(millis), Results.LIBRARY_JSON, timing(millis),
        Results.MINIMAL, timing(millis * 9 / 10), Results.ORIGINAL, timing(millis * 8));
    return new OffloadResolveComparison.Result(bytes / Settings.MIB + " MiB JSON", bytes, bytes / 5, times,
        times, Map.of());
  }

  private static Timing timing(long millis) {
    long nanos = millis * 1_000_000;
    return new Timing(nanos, nanos, nanos, 1);
  }
}
