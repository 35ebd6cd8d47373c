package io.payloadoffload.benchmarks;

import static io.payloadoffload.benchmarks.Results.LIBRARY_BYTES;
import static io.payloadoffload.benchmarks.Results.MINIMAL;
import static io.payloadoffload.benchmarks.Results.ORIGINAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Draws offload and resolve time against payload size for the three paths as a hand-written SVG:
 * two log-log panels side by side. Stateless.
 */
public final class Chart {
  private static final String[] SERIES = {LIBRARY_BYTES, MINIMAL, ORIGINAL};
  private static final String[] LABELS = {"library", "(a) minimal hand-written", "(b) original design"};
  private static final String[] COLORS = {"#1f6feb", "#2da44e", "#cf222e"};
  private static final int PANEL_W = 430;
  private static final int PANEL_H = 330;
  private static final int LEFT = 62;
  private static final int RIGHT = 14;
  private static final int TOP = 34;
  private static final int BOTTOM = 48;
  private static final int LEGEND_H = 30;

  private Chart() {}

  /**
   * Draws the chart from the JSON payloads' medians.
   *
   * @param json the offload and resolve results, one per payload size
   * @return the SVG document
   */
  public static String svg(List<OffloadResolveComparison.Result> json) {
    int width = 2 * PANEL_W + 20;
    int height = PANEL_H + LEGEND_H;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n", width, height, width, height));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    legend(svg);
    panel(svg, 0, LEGEND_H, "Offload (median ms)", json, OffloadResolveComparison.Result::offload);
    panel(svg, PANEL_W + 20, LEGEND_H, "Resolve (median ms)", json, OffloadResolveComparison.Result::resolve);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void legend(StringBuilder svg) {
    int x = LEFT;
    for (int i = 0; i < SERIES.length; i++) {
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"16\" x2=\"%d\" y2=\"16\" stroke=\"%s\" stroke-width=\"2.5\"/>"
              + "<circle cx=\"%d\" cy=\"16\" r=\"3.5\" fill=\"%s\"/>"
              + "<text x=\"%d\" y=\"20\">%s</text>%n",
          x, x + 24, COLORS[i], x + 12, COLORS[i], x + 30, LABELS[i]));
      x += 40 + LABELS[i].length() * 7;
    }
  }

  private static void panel(StringBuilder svg, int ox, int oy, String title,
      List<OffloadResolveComparison.Result> json,
      Function<OffloadResolveComparison.Result, Map<String, SideBySide.Timing>> times) {
    double minX = Double.MAX_VALUE;
    double maxX = 0;
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    for (OffloadResolveComparison.Result r : json) {
      minX = Math.min(minX, mib(r));
      maxX = Math.max(maxX, mib(r));
      for (String s : SERIES) {
        double v = times.apply(r).get(s).medianMillis();
        minY = Math.min(minY, v);
        maxY = Math.max(maxY, v);
      }
    }
    double lx0 = Math.log10(minX) - 0.15;
    double lx1 = Math.log10(maxX) + 0.15;
    double ly0 = Math.floor(Math.log10(minY));
    double ly1 = Math.ceil(Math.log10(maxY));
    if (ly1 - ly0 < 1) {
      ly1 = ly0 + 1;
    }
    int x0 = ox + LEFT;
    int x1 = ox + PANEL_W - RIGHT;
    int y0 = oy + PANEL_H - BOTTOM;
    int y1 = oy + TOP;
    Axis ax = new Axis(lx0, lx1, x0, x1);
    Axis ay = new Axis(ly0, ly1, y0, y1);

    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", x0, oy + 20, title));
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#8c959f\"/>%n",
        x0, y1, x1 - x0, y0 - y1));
    for (double decade = ly0; decade <= ly1; decade++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, decade);
        double lv = Math.log10(v);
        if (lv > ly1 + 1e-9) {
          continue;
        }
        double y = ay.at(lv);
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
            x0, y, x1, y, m == 1 ? "#d0d7de" : "#eaeef2", x0 - 6, y + 4, tick(v)));
      }
    }
    for (OffloadResolveComparison.Result r : json) {
      double x = ax.at(Math.log10(mib(r)));
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eaeef2\"/>"
              + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x, y1, x, y0, x, y0 + 18, tick(mib(r)) + " MiB"));
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#57606a\">payload size (JSON, log scale)</text>%n",
        (x0 + x1) / 2.0, y0 + 38));
    for (int i = 0; i < SERIES.length; i++) {
      List<String> points = new ArrayList<>();
      StringBuilder dots = new StringBuilder();
      for (OffloadResolveComparison.Result r : json) {
        double x = ax.at(Math.log10(mib(r)));
        double y = ay.at(Math.log10(times.apply(r).get(SERIES[i]).medianMillis()));
        points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>",
            x, y, COLORS[i]));
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>%s%n",
          String.join(" ", points), COLORS[i], dots));
    }
  }

  private static double mib(OffloadResolveComparison.Result r) {
    return r.bytes() / (double) Settings.MIB;
  }

  private static String tick(double v) {
    if (v >= 1) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%s", Double.toString(v).replaceAll("0+$", ""));
  }

  /** Maps a log value onto pixels. */
  private record Axis(double from, double to, double pixelFrom, double pixelTo) {
    double at(double value) {
      return pixelFrom + (value - from) / (to - from) * (pixelTo - pixelFrom);
    }
  }
}
