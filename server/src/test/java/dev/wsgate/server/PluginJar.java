package dev.wsgate.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles a one-class third-party provider (id {@code sample}) into a plugin jar. */
final class PluginJar {
  private static final String SOURCE =
      "package sample.plugin;\n"
          + "import dev.wsgate.spi.*;\n"
          + "public final class SampleProvider implements TokenVerifierProvider {\n"
          + "  public String id() { return \"sample\"; }\n"
          + "  public TokenVerifier create(ProviderSettings s) {\n"
          + "    return (token, ctx) -> VerifiedToken.builder(\"sample\", token)\n"
          + "        .tenant(ctx.tenant()).expiresAt(ctx.now().plusSeconds(600)).build();\n"
          + "  }\n"
          + "}\n";

  private PluginJar() {}

  static void write(Path jar) throws IOException {
    Path work = Files.createTempDirectory("plugin-src");
    Path src =
        Files.createDirectories(work.resolve("sample/plugin")).resolve("SampleProvider.java");
    Files.writeString(src, SOURCE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            work.toString(),
            src.toString());
    if (rc != 0) {
      throw new IOException("the sample plugin did not compile");
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("sample/plugin/SampleProvider.class"));
      j.write(Files.readAllBytes(work.resolve("sample/plugin/SampleProvider.class")));
      j.closeEntry();
      j.putNextEntry(new JarEntry("META-INF/services/dev.wsgate.spi.TokenVerifierProvider"));
      j.write("sample.plugin.SampleProvider\n".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    Files.deleteIfExists(src);
  }
}
