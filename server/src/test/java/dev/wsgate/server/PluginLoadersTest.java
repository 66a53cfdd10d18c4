package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.plugins.PluginLoaders;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.TokenVerifierProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
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
  void open_notAFolder_namesTheKey() {
    assertThatThrownBy(() -> registry(dir.resolve("missing")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.plugins.dir");
  }
}
