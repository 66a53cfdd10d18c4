package dev.wsgate.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** A line chart as a PNG, drawn headless with java.awt: one line per series, x = index + 1. */
final class Plot {
  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e),
    new Color(0x8c564b)
  };
  private static final int W = 900;
  private static final int H = 500;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private Plot() {}

  static void lines(
      String title, String xLabel, String yLabel, Map<String, double[]> series, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int n = series.values().stream().mapToInt(s -> s.length).max().orElse(1);
    double max =
        series.values().stream()
            .flatMapToDouble(java.util.Arrays::stream)
            .filter(d -> !Double.isNaN(d))
            .max()
            .orElse(1);
    double yMax = niceCeiling(max);
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      int y = TOP + plotH - plotH * i / 5;
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%,.0f", yMax * i / 5);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    int step = Math.max(1, n / 10);
    for (int x = 1; x <= n; x += (x == 1 && step > 1 ? step - 1 : step)) {
      int px = LEFT + (int) ((double) plotW * (x - 1) / Math.max(1, n - 1));
      g.drawString(Integer.toString(x), px - 4, TOP + plotH + 16);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, TOP - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 20);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 20);
    rotated.dispose();
    int k = 0;
    g.setStroke(new BasicStroke(2.2f));
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      Color color = COLORS[k % COLORS.length];
      g.setColor(color);
      double[] v = e.getValue();
      int px0 = -1;
      int py0 = -1;
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          px0 = -1;
          continue;
        }
        int px = LEFT + (int) ((double) plotW * i / Math.max(1, n - 1));
        int py = TOP + plotH - (int) (plotH * v[i] / yMax);
        if (px0 >= 0) {
          g.drawLine(px0, py0, px, py);
        }
        g.fillOval(px - 3, py - 3, 6, 6);
        px0 = px;
        py0 = py;
      }
      int ly = TOP + 20 + 18 * k;
      g.drawLine(LEFT + plotW - 150, ly - 4, LEFT + plotW - 125, ly - 4);
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), LEFT + plotW - 118, ly);
      k++;
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
