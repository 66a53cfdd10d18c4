package dev.wsgate.adapter.spring;

import dev.wsgate.spi.ConfigurationException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start an application whose {@code ServerEndpointExporter} deploys Jakarta
 * {@code @ServerEndpoint} endpoints on a gated path: the exporter hands them straight to the
 * container's WebSocket support, past Spring's handler mappings, where no interceptor of Spring's
 * runs, so they would accept upgrades the gate never saw. An endpoint whose path {@code
 * wsgate.spring.paths} leaves out is the application's choice to keep open and passes.
 */
final class ServerEndpointCheck implements SmartInitializingSingleton {
  private static final String EXPORTER =
      "org.springframework.web.socket.server.standard.ServerEndpointExporter";
  private static final String ANNOTATION = "jakarta.websocket.server.ServerEndpoint";
  private static final String CONFIG = "jakarta.websocket.server.ServerEndpointConfig";

  private final ApplicationContext context;
  private final GatedPaths paths;

  ServerEndpointCheck(ApplicationContext context, GatedPaths paths) {
    this.context = context;
    this.paths = paths;
  }

  @Override
  public void afterSingletonsInstantiated() {
    ClassLoader loader = context.getClassLoader();
    if (!ClassUtils.isPresent(EXPORTER, loader) || !ClassUtils.isPresent(ANNOTATION, loader)) {
      return;
    }
    String[] exporters =
        context.getBeanNamesForType(ClassUtils.resolveClassName(EXPORTER, loader), false, false);
    if (exporters.length == 0) {
      return;
    }
    List<String> gated = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Class<? extends Annotation> annotation =
        (Class<? extends Annotation>) ClassUtils.resolveClassName(ANNOTATION, loader);
    for (String name : context.getBeanNamesForAnnotation(annotation)) {
      Object path = AnnotationUtils.getValue(context.findAnnotationOnBean(name, annotation));
      add(gated, name, String.valueOf(path));
    }
    Map<String, ?> configs =
        context.getBeansOfType(ClassUtils.resolveClassName(CONFIG, loader), false, false);
    configs.forEach(
        (name, config) ->
            add(gated, name, String.valueOf(new BeanWrapperImpl(config).getPropertyValue("path"))));
    if (gated.isEmpty() && paths.gatesEverything()) {
      // endpoint classes handed to the exporter itself cannot be listed: its bean is refused
      gated.add("the @ServerEndpoint classes given to ServerEndpointExporter bean " + exporters[0]);
    }
    if (!gated.isEmpty()) {
      throw new ConfigurationException(
          "Jakarta @ServerEndpoint endpoints deployed by ServerEndpointExporter are not gated by"
              + " wsgate: "
              + String.join(", ", gated)
              + ". Register them as Spring WebSocketHandlers (WebSocketConfigurer or"
              + " StompEndpointRegistry), which the gate protects, or leave their paths out of"
              + " wsgate.spring.paths to keep them open on purpose");
    }
  }

  private void add(List<String> gated, String bean, String path) {
    if (paths.gates(path)) {
      gated.add(bean + " at " + path);
    }
  }
}
