package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.server.plugins.PluginLoaders;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PluginLoadersTest {
  @TempDir Path dir;

  private Path plugins() throws Exception {
    return Files.createDirectories(dir.resolve("plugins"));
  }

  private static ProviderRegistry registry(Path plugins) {
    return Main.registry(Map.of(ConfigLoader.PLUGINS_DIR, plugins.toString()), Map.of());
  }

  @Test
  void registry_examplePluginJar_addsItsProviderBesideTheBuiltIns() throws Exception {
    Path plugins = plugins();
    PluginJars.apikey(plugins, "apikey.jar");
    ProviderRegistry registry = registry(plugins);
    assertThat(registry.ids()).contains("apikey", "hmac");
    TokenVerifierProvider apikey = registry.get("apikey");
    assertThat(apikey.getClass().getClassLoader().getName()).isEqualTo("wsgate-plugin apikey.jar");
    assertThat(ProviderRegistry.location(apikey)).endsWith("apikey.jar");
  }

  @Test
  void pluginLoader_seesTheApiButNotTheServersLibrariesOrServiceFiles() throws Exception {
    Path plugins = plugins();
    PluginJars.apikey(plugins, "apikey.jar");
    ClassLoader loader = PluginLoaders.open(plugins, ConfigLoader.PLUGINS_DIR).get(0);
    assertThat(loader.loadClass("dev.wsgate.spi.TokenVerifierProvider"))
        .isSameAs(TokenVerifierProvider.class);
    assertThatThrownBy(() -> loader.loadClass("com.nimbusds.jose.JWSObject"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> loader.loadClass("org.java_websocket.WebSocket"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(
            Collections.list(
                loader.getResources("META-INF/services/dev.wsgate.spi.TokenVerifierProvider")))
        .singleElement()
        .asString()
        .contains("apikey.jar");
  }

  @Test
  void registry_twoJarsClaimingOneId_namesBothJars() throws Exception {
    Path plugins = plugins();
    PluginJars.apikey(plugins, "a-apikey.jar");
    PluginJars.apikey(plugins, "b-apikey.jar");
    ConfigurationException e =
        catchThrowableOfType(() -> registry(plugins), ConfigurationException.class);
    assertThat(e).hasMessageContaining("'apikey'");
    assertThat(e.getMessage()).contains("a-apikey.jar").contains("b-apikey.jar");
  }

  @Test
  void registry_unknownId_listsIdsWithTheirJars() throws Exception {
    Path plugins = plugins();
    PluginJars.apikey(plugins, "apikey.jar");
    assertThatThrownBy(() -> registry(plugins).get("ldap"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'ldap'")
        .hasMessageContaining("apikey (")
        .hasMessageContaining("apikey.jar)");
  }

  @Test
  void load_pluginWhoseCreateThrows_stopsStartUpNamingThePluginNotItsMessage() throws Exception {
    Path plugins = plugins();
    PluginJars.fromSources(
        plugins,
        "boom.jar",
        Map.of(
            "com.example.boom.BoomProvider",
            "package com.example.boom;\n"
                + "public final class BoomProvider implements dev.wsgate.spi.TokenVerifierProvider {\n"
                + "  public String id() { return \"boom\"; }\n"
                + "  public dev.wsgate.spi.TokenVerifier create(dev.wsgate.spi.ProviderSettings s) {\n"
                + "    throw new IllegalStateException(\"secret-\" + s.string(\"key\", \"\"));\n"
                + "  }\n"
                + "}\n"),
        "com.example.boom.BoomProvider");
    Map<String, String> properties =
        Map.of(
            ConfigLoader.PLUGINS_DIR,
            plugins.toString(),
            "wsgate.origins",
            "https://app.example.com",
            "wsgate.provider",
            "boom",
            "wsgate.provider.boom.key",
            "hunter2");
    ConfigurationException e =
        catchThrowableOfType(
            () ->
                new ConfigLoader(registry(plugins), k -> null, Clock.systemUTC()).load(properties),
            ConfigurationException.class);
    assertThat(e.getMessage())
        .contains("provider 'boom'")
        .contains("boom.jar")
        .contains("IllegalStateException")
        .doesNotContain("hunter2");
  }

  @Test
  void create_pluginUsingServiceLoaderAndJackson_everyCallRunsUnderItsOwnContextLoader()
      throws Exception {
    Path plugins = plugins();
    PluginJars.contextProbe(plugins, "ctx.jar");
    TokenVerifierProvider ctx = registry(plugins).get("ctx");
    ClassLoader caller = Thread.currentThread().getContextClassLoader();
    TokenVerifier v = PluginLoaders.create(ctx, ProviderSettings.builder("wsgate.x.").build());
    VerificationContext c = VerificationContext.of("default", null, Instant.now());
    assertThat(v.verify("good", c).subject()).isEqualTo("alice");
    assertThatThrownBy(() -> v.verify("bad", c))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_SIGNATURE));
    assertThat(v.isReady()).isTrue();
    assertThat(v.mayBlock()).isTrue();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // the default verifyAsync runs the plugin's verify on the server's executor thread
      assertThat(v.verifyAsync("good", c, pool).toCompletableFuture().get(10, TimeUnit.SECONDS))
          .extracting(VerifiedToken::subject)
          .isEqualTo("alice");
      assertThat(pool.submit(() -> Thread.currentThread().getContextClassLoader()).get())
          .as("the executor's thread gets its own loader back")
          .isNotSameAs(ctx.getClass().getClassLoader());
    } finally {
      pool.shutdownNow();
    }
    v.close();
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
  }

  @Test
  void create_probePluginCalledUnderTheServersContextLoader_fails() throws Exception {
    Path plugins = plugins();
    PluginJars.contextProbe(plugins, "ctx.jar");
    TokenVerifierProvider ctx = registry(plugins).get("ctx");
    // what every call into a plugin did before: proves the probe above can fail
    assertThatThrownBy(() -> ctx.create(ProviderSettings.builder("wsgate.x.").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("create: context loader");
  }

  @Test
  void load_probePluginAsATenantsProvider_verifiesThroughTheServersWrappers() throws Exception {
    Path plugins = plugins();
    PluginJars.contextProbe(plugins, "ctx.jar");
    Configuration c =
        new ConfigLoader(registry(plugins), k -> null, Clock.systemUTC())
            .load(
                Map.of(
                    ConfigLoader.PLUGINS_DIR,
                    plugins.toString(),
                    "wsgate.origins",
                    "https://app.example.com",
                    "wsgate.provider",
                    "ctx"));
    try {
      TokenVerifier v = c.gate().tenants().get("default").verifier();
      assertThat(v.verify("good", VerificationContext.of("default", null, Instant.now())))
          .extracting(VerifiedToken::subject)
          .isEqualTo("alice");
      assertThat(v.isReady()).isTrue();
    } finally {
      c.close();
    }
  }

  private static ConfigurationException startFailing(Path plugins, String id) {
    return catchThrowableOfType(
        () ->
            new ConfigLoader(registry(plugins), k -> null, Clock.systemUTC())
                .load(
                    Map.of(
                        ConfigLoader.PLUGINS_DIR,
                        plugins.toString(),
                        "wsgate.origins",
                        "https://app.example.com",
                        "wsgate.tenants",
                        "acme",
                        "wsgate.tenant.acme.provider",
                        id,
                        "wsgate.tenant.acme.provider." + id + ".key",
                        "hunter2")),
        ConfigurationException.class);
  }

  @Test
  void load_pluginCreateThrowsServiceConfigurationError_namesTenantProviderJarAndError()
      throws Exception {
    Path plugins = plugins();
    PluginJars.failingCreate(
        plugins,
        "sce.jar",
        "sce",
        "throw new java.util.ServiceConfigurationError("
            + "\"com.example.Codec: Provider com.example.JsonCodec not a subtype\");");
    assertThat(startFailing(plugins, "sce").problems())
        .singleElement()
        .asString()
        .contains("provider 'sce'", "sce.jar", "for tenant acme")
        .contains(
            "java.util.ServiceConfigurationError: com.example.Codec: Provider"
                + " com.example.JsonCodec not a subtype");
  }

  @Test
  void load_pluginMissingALibraryClass_namesTheMissingClass() throws Exception {
    Path plugins = plugins();
    // compiled against Jackson, which the jar does not bundle
    PluginJars.failingCreate(
        plugins,
        "nojackson.jar",
        "nojackson",
        "Class<?> c = com.fasterxml.jackson.databind.ObjectMapper.class;\n"
            + "throw new IllegalStateException(\"unreachable \" + c);");
    assertThat(startFailing(plugins, "nojackson").problems())
        .singleElement()
        .asString()
        .contains("provider 'nojackson'", "nojackson.jar", "for tenant acme")
        .contains("java.lang.NoClassDefFoundError: com/fasterxml/jackson/databind/ObjectMapper");
  }

  @Test
  void load_pluginCreateThrowsAnErrorWithAMessage_namesItsClassNotItsMessage() throws Exception {
    Path plugins = plugins();
    PluginJars.failingCreate(
        plugins, "assert.jar", "assert", "throw new AssertionError(s.string(\"key\", \"\"));");
    assertThat(startFailing(plugins, "assert").problems())
        .singleElement()
        .asString()
        .contains(
            "provider 'assert'", "assert.jar", "for tenant acme", "(java.lang.AssertionError)")
        .doesNotContain("hunter2");
  }

  @Test
  void open_notAFolder_namesTheKey() {
    assertThatThrownBy(() -> registry(dir.resolve("missing")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.plugins.dir");
  }
}
