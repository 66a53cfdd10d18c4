package dev.wsgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSS from {@code /proc} and live heap after a full GC (via {@code jcmd}) of the server process.
 */
final class ServerMemory {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private ServerMemory() {}

  static String measure(String pid) throws IOException, InterruptedException {
    long rssKib = 0;
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKib = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    long usedKib = m.find() ? Long.parseLong(m.group(1)) : -1;
    return "rss_kib=" + rssKib + " live_heap_kib=" + usedKib;
  }

  private static String jcmd(String pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
