package dev.wsgate.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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

  /**
   * A plugin {@code ctx} that bundles Jackson and, in every method the server calls ({@code
   * create}, {@code verify}, {@code isReady}, {@code mayBlock}, {@code close}), throws unless the
   * context class loader is its own and both {@code ServiceLoader.load(Greeting.class)} and
   * Jackson's {@code findAndRegisterModules()} find exactly its own services. Accepts the token
   * {@code good}.
   */
  static Path contextProbe(Path dir, String name) throws IOException {
    String pkg = "package com.example.ctx;\n";
    return fromSources(
        dir,
        name,
        Map.of(
            "com.example.ctx.Greeting",
            pkg + "public interface Greeting { String hello(); }\n",
            "com.example.ctx.EnglishGreeting",
            pkg
                + "public final class EnglishGreeting implements Greeting {\n"
                + "  public String hello() { return \"hello\"; }\n"
                + "}\n",
            "com.example.ctx.CtxModule",
            pkg
                + "public final class CtxModule"
                + " extends com.fasterxml.jackson.databind.module.SimpleModule {\n"
                + "  public CtxModule() { super(\"ctx-module\"); }\n"
                + "  @Override public Object getTypeId() { return \"ctx-module\"; }\n"
                + "}\n",
            "com.example.ctx.Probe",
            pkg
                + "final class Probe {\n"
                + "  static void check(String where) {\n"
                + "    ClassLoader context = Thread.currentThread().getContextClassLoader();\n"
                + "    if (context != Probe.class.getClassLoader()) {\n"
                + "      throw new IllegalStateException(where + \": context loader \" + context);\n"
                + "    }\n"
                + "    java.util.List<String> hellos = new java.util.ArrayList<>();\n"
                + "    java.util.ServiceLoader.load(Greeting.class).forEach(g -> hellos.add(g.hello()));\n"
                + "    if (!hellos.equals(java.util.List.of(\"hello\"))) {\n"
                + "      throw new IllegalStateException(where + \": greetings \" + hellos);\n"
                + "    }\n"
                + "    java.util.Set<Object> modules = new com.fasterxml.jackson.databind.ObjectMapper()\n"
                + "        .findAndRegisterModules().getRegisteredModuleIds();\n"
                + "    if (!modules.equals(java.util.Set.of(\"ctx-module\"))) {\n"
                + "      throw new IllegalStateException(where + \": modules \" + modules);\n"
                + "    }\n"
                + "  }\n"
                + "}\n",
            "com.example.ctx.CtxVerifier",
            pkg
                + "import dev.wsgate.spi.*;\n"
                + "final class CtxVerifier implements TokenVerifier {\n"
                + "  public VerifiedToken verify(String token, VerificationContext c)\n"
                + "      throws AuthenticationException {\n"
                + "    Probe.check(\"verify\");\n"
                + "    if (!token.equals(\"good\")) {\n"
                + "      throw new AuthenticationException(Failure.INVALID_SIGNATURE, \"not good\");\n"
                + "    }\n"
                + "    return VerifiedToken.builder(\"ctx\", \"alice\")\n"
                + "        .expiresAt(c.now().plusSeconds(600)).tenant(c.tenant()).build();\n"
                + "  }\n"
                + "  public boolean isReady() { Probe.check(\"isReady\"); return true; }\n"
                + "  public boolean mayBlock() { Probe.check(\"mayBlock\"); return true; }\n"
                + "  public void close() { Probe.check(\"close\"); }\n"
                + "}\n",
            "com.example.ctx.CtxProvider",
            pkg
                + "import dev.wsgate.spi.*;\n"
                + "public final class CtxProvider implements TokenVerifierProvider {\n"
                + "  public String id() { return \"ctx\"; }\n"
                + "  public TokenVerifier create(ProviderSettings s) {\n"
                + "    Probe.check(\"create\");\n"
                + "    return new CtxVerifier();\n"
                + "  }\n"
                + "}\n"),
        Map.of(
            SERVICE_FILE,
            "com.example.ctx.CtxProvider",
            "com.example.ctx.Greeting",
            "com.example.ctx.EnglishGreeting",
            "com.fasterxml.jackson.databind.Module",
            "com.example.ctx.CtxModule"),
        List.of(
            jarOf("com.fasterxml.jackson.databind.ObjectMapper"),
            jarOf("com.fasterxml.jackson.core.JsonFactory"),
            jarOf("com.fasterxml.jackson.annotation.JsonProperty")));
  }

  /**
   * A plugin with id {@code id} whose {@code create} runs {@code createBody} (Java statements
   * ending in a throw or a return) and bundles nothing.
   */
  static Path failingCreate(Path dir, String name, String id, String createBody)
      throws IOException {
    return fromSources(
        dir,
        name,
        Map.of(
            "com.example.failing.FailingProvider",
            "package com.example.failing;\n"
                + "import dev.wsgate.spi.*;\n"
                + "public final class FailingProvider implements TokenVerifierProvider {\n"
                + "  public String id() { return \""
                + id
                + "\"; }\n"
                + "  public TokenVerifier create(ProviderSettings s) {\n"
                + createBody
                + "\n  }\n"
                + "}\n"),
        "com.example.failing.FailingProvider");
  }

  /** Compiles {@code className → source} into {@code dir/name} registering {@code provider}. */
  static Path fromSources(Path dir, String name, Map<String, String> sources, String provider)
      throws IOException {
    return fromSources(dir, name, sources, Map.of(SERVICE_FILE, provider), List.of());
  }

  /**
   * Compiles {@code className → source} into {@code dir/name} with {@code services} (interface name
   * → implementation names) as service files, and every class and resource of the {@code bundled}
   * jars, as a plugin with dependencies is shaded: the first copy of a file wins, no {@code
   * module-info}, no signatures, no manifest.
   */
  static Path fromSources(
      Path dir,
      String name,
      Map<String, String> sources,
      Map<String, String> services,
      List<Path> bundled)
      throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(f.getParent());
      files.add(Files.writeString(f, e.getValue()));
    }
    Map<String, String> serviceFiles = new LinkedHashMap<>();
    services.forEach((type, impl) -> serviceFiles.put("META-INF/services/" + type, impl + "\n"));
    return jar(dir, name, files, serviceFiles, bundled);
  }

  /** The jar (or class folder) {@code className} is loaded from in this test's class path. */
  static Path jarOf(String className) {
    try {
      return Path.of(
          Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(className + " is not on the test class path", e);
    }
  }

  private static final String SERVICE_FILE = "dev.wsgate.spi.TokenVerifierProvider";

  private static Path jar(Path dir, String name, List<Path> sources, String serviceFile)
      throws IOException {
    return jar(
        dir, name, sources, Map.of("META-INF/services/" + SERVICE_FILE, serviceFile), List.of());
  }

  private static Path jar(
      Path dir, String name, List<Path> sources, Map<String, String> resources, List<Path> bundled)
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
    Set<String> written = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String entry = classes.relativize(f).toString().replace('\\', '/');
        put(out, written, entry, Files.readAllBytes(f));
      }
      for (Map.Entry<String, String> r : resources.entrySet()) {
        put(out, written, r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
      }
      for (Path lib : bundled) {
        try (JarFile in = new JarFile(lib.toFile())) {
          for (JarEntry e : java.util.Collections.list(in.entries())) {
            String n = e.getName();
            if (!e.isDirectory() && !excludedFromShading(n)) {
              try (InputStream data = in.getInputStream(e)) {
                put(out, written, n, data.readAllBytes());
              }
            }
          }
        }
      }
    }
    return jar;
  }

  private static boolean excludedFromShading(String entry) {
    return entry.endsWith("module-info.class")
        || entry.equals("META-INF/MANIFEST.MF")
        || entry.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)");
  }

  private static void put(JarOutputStream out, Set<String> written, String entry, byte[] data)
      throws IOException {
    if (written.add(entry)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(data);
      out.closeEntry();
    }
  }
}
