package dev.wsgate.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds provider plugin jars at test time from sources that are not on the server's class path:
 * the example plugin's own sources, or small ones written by a test.
 */
final class PluginJars {
  /** The example plugin's sources, from the server module's folder. */
  static final Path APIKEY_SOURCES = Path.of("..", "examples", "provider-apikey", "src", "main");

  private PluginJars() {}

  /** Compiles the example {@code apikey} plugin into {@code dir/name}. */
  static Path apikey(Path dir, String name) throws IOException {
    List<Path> sources;
    try (Stream<Path> s = Files.walk(APIKEY_SOURCES.resolve("java"))) {
      sources = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    Path services =
        APIKEY_SOURCES.resolve("resources/META-INF/services/dev.wsgate.spi.TokenVerifierProvider");
    return jar(dir, name, sources, Files.readString(services));
  }

  /** Compiles {@code className → source} into {@code dir/name} registering {@code provider}. */
  static Path fromSources(Path dir, String name, Map<String, String> sources, String provider)
      throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(f.getParent());
      files.add(Files.writeString(f, e.getValue()));
    }
    return jar(dir, name, files, provider + "\n");
  }

  private static Path jar(Path dir, String name, List<Path> sources, String serviceFile)
      throws IOException {
    Path classes = Files.createTempDirectory(dir, "classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    args.add("-cp");
    args.add(System.getProperty("java.class.path"));
    sources.forEach(s -> args.add(s.toString()));
    StringWriter errors = new StringWriter();
    int rc =
        javac.run(
            null,
            OutputStream.nullOutputStream(),
            new java.io.PrintStream(OutputStream.nullOutputStream()) {
              @Override
              public void write(byte[] b, int off, int len) {
                errors.write(new String(b, off, len, StandardCharsets.UTF_8));
              }
            },
            args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("plugin sources do not compile:\n" + errors);
    }
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.wsgate.spi.TokenVerifierProvider"));
      out.write(serviceFile.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
