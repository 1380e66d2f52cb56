package nl.werkplaats.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.testsupport.Recipes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The recipes under deploy/, checked without a container engine: the Kubernetes manifests parsed into the
 * Kubernetes API's own model (fabric8), with no field the model does not know; their ports, probes and
 * settings against the server's configuration; and deploy/compose.yaml against the same (HaproxyFailoverIT
 * runs its nodes and deploy/haproxy.cfg as processes).
 */
class DeployRecipesTest {
  private static final Path KUBERNETES = Recipes.DEPLOY.resolve("kubernetes");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** The longest a member takes to hand its partitions over when it leaves (ClusterNode: graceful.shutdown.max.wait). */
  private static final long LEAVE_MS = 30_000;

  @Test
  @DisplayName("the Kubernetes manifests parse into the API's model: a StatefulSet, two Services and a PodDisruptionBudget")
  void kubernetesManifests() throws Exception {
    List<String> files = new ArrayList<>();
    YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile()).path("resources").forEach(r -> files.add(r.asText()));
    Map<String, List<Object>> byKind = new HashMap<>();
    for (String file : files) {
      for (JsonNode doc : documents(KUBERNETES.resolve(file))) {
        Object model = switch (doc.path("apiVersion").asText() + " " + doc.path("kind").asText()) {
          case "v1 Service" -> YAML.treeToValue(doc, Service.class);
          case "apps/v1 StatefulSet" -> YAML.treeToValue(doc, StatefulSet.class);
          case "policy/v1 PodDisruptionBudget" -> YAML.treeToValue(doc, PodDisruptionBudget.class);
          default -> throw new AssertionError(file + ": unexpected " + doc.path("apiVersion") + " " + doc.path("kind"));
        };
        List<String> unknown = new ArrayList<>();
        unknownFields(model, doc.path("kind").asText(), unknown, new IdentityHashMap<>());
        assertEquals(List.of(), unknown, file + ": fields the Kubernetes API does not have");
        byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(model);
      }
    }
    assertEquals(Set.of("Service", "StatefulSet", "PodDisruptionBudget"), byKind.keySet());
    StatefulSet set = (StatefulSet) byKind.get("StatefulSet").get(0);
    PodDisruptionBudget pdb = (PodDisruptionBudget) byKind.get("PodDisruptionBudget").get(0);
    Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
    assertEquals(set.getSpec().getSelector().getMatchLabels(), podLabels);
    assertEquals(pdb.getSpec().getSelector().getMatchLabels(), podLabels);
    assertEquals("Parallel", set.getSpec().getPodManagementPolicy(), "members start together to reach their quorum");

    Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    Config config = Config.fromEnv(environment(c.getEnv()));
    assertTrue(config.clustered());
    assertEquals(config.httpPort(), port(c, "http"));
    assertEquals(config.clusterPort(), port(c, "hazelcast"));
    assertEquals(config.metricsPort(), port(c, "metrics"));
    assertEquals(String.valueOf(config.metricsPort()),
        set.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
    assertEquals("0.0.0.0", config.metricsHost(), "Prometheus reaches the pod's management port");
    probe(c.getReadinessProbe(), "/ready");
    probe(c.getLivenessProbe(), "/health");
    probe(c.getStartupProbe(), "/health");

    Service users = null;
    Service members = null;
    for (Object o : byKind.get("Service")) {
      Service s = (Service) o;
      assertEquals(podLabels, s.getSpec().getSelector(), s.getMetadata().getName());
      if ("None".equals(s.getSpec().getClusterIP())) {
        members = s;
      } else {
        users = s;
      }
    }
    assertNotNull(users);
    assertNotNull(members);
    assertEquals("http", users.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    assertEquals(members.getMetadata().getName(), set.getSpec().getServiceName());
    assertTrue(members.getSpec().getPublishNotReadyAddresses(), "starting members see each other before they are ready");
    assertEquals(config.clusterPort(), members.getSpec().getPorts().get(0).getPort());
    assertTrue(config.kubernetesServiceDns().startsWith(members.getMetadata().getName() + ".werkplaats.svc"),
        config.kubernetesServiceDns());

    int quorum = config.minimumClusterSize();
    assertTrue(set.getSpec().getReplicas() > quorum, "one member can go and the rest stay ready");
    assertEquals(quorum, pdb.getSpec().getMinAvailable().getIntVal(), "a disruption never goes below the quorum");
    long grace = set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() * 1000;
    assertTrue(grace >= Werkplaats.drainMillis(config) + LEAVE_MS, "SIGKILL only after the drain and the leave: " + grace);
    assertNotNull(c.getResources().getRequests().get("cpu"));
    assertEquals(c.getResources().getRequests().get("memory"), c.getResources().getLimits().get("memory"));
  }

  @Test
  @DisplayName("deploy/compose.yaml: three nodes, PostgreSQL and HAProxy with deploy/haproxy.cfg, settings the server accepts")
  @SuppressWarnings("unchecked")
  void composeFile() throws Exception {
    Map<String, Object> services = (Map<String, Object>) Recipes.compose().get("services");
    assertEquals(Set.of("postgres", "node1", "node2", "node3", "haproxy"), services.keySet());
    Map<String, Object> haproxy = Recipes.service("haproxy");
    assertTrue(((List<String>) haproxy.get("volumes")).contains("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"));
    assertTrue(Files.isRegularFile(Recipes.DEPLOY.resolve("haproxy.cfg")));
    Map<String, String> lb = Recipes.environment("haproxy");
    assertEquals(Set.of("WERKPLAATS_LB_BIND", "WERKPLAATS_NODE1", "WERKPLAATS_NODE2", "WERKPLAATS_NODE3"), lb.keySet(),
        "what deploy/haproxy.cfg reads (and HaproxyFailoverIT sets)");
    String proxyAddress = address("haproxy");
    for (int i = 1; i <= 3; i++) {
      Map<String, String> env = new HashMap<>(Recipes.environment("node" + i));
      env.replaceAll((k, v) -> v.startsWith("${") ? "placeholder-" + k.toLowerCase() + "-long-enough" : v);
      Config config = Config.fromEnv(env);
      assertEquals("node" + i + ":" + config.httpPort(), lb.get("WERKPLAATS_NODE" + i));
      assertEquals(address("node" + i), config.clusterHost());
      assertTrue(config.clusterMembers().contains(config.clusterHost() + ":" + config.clusterPort()));
      assertEquals(3, config.clusterMembers().size());
      assertEquals(List.of(proxyAddress), config.trustedProxies(), "the nodes believe the proxy's X-Forwarded-For");
      assertEquals(2, config.minimumClusterSize());
      long grace = Long.parseLong(String.valueOf(Recipes.service("node" + i).get("stop_grace_period")).replace("s", "")) * 1000;
      assertTrue(grace >= Werkplaats.drainMillis(config) + LEAVE_MS, "stop_grace_period covers the drain: " + grace);
    }
  }

  @Test
  @DisplayName("every setting the recipes use is in the configuration table of docs/operations.md")
  void settingsAreDocumented() throws Exception {
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("WERKPLAATS_[A-Z0-9_]+").matcher(Files.readString(Recipes.DEPLOY.resolve("compose.yaml"))
        + Files.readString(KUBERNETES.resolve("statefulset.yaml")));
    while (m.find()) {
      used.add(m.group());
    }
    used.removeIf(name -> name.startsWith("WERKPLAATS_NODE") || name.equals("WERKPLAATS_LB_BIND"));
    List<String> missing = used.stream().filter(name -> !operations.contains("| `" + name + "`")).toList();
    assertEquals(List.of(), missing, "settings missing from the table in docs/operations.md");
  }

  private static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
         MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  /** Fields that went into a model object's additionalProperties: a typo or a field of another API version. */
  private static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen)
      throws Exception {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> list) {
      for (Object item : list) {
        unknownFields(item, path + "[]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), out, seen);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object value = getter.invoke(o);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> out.add(path + "." + k));
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), out, seen);
      }
    }
  }

  /** The container's environment as the pod sees it: secrets and pod fields as stand-ins, $(VAR) expanded. */
  private static Map<String, String> environment(List<EnvVar> vars) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : vars) {
      String value;
      if (v.getValue() != null) {
        value = v.getValue();
      } else if (v.getValueFrom().getSecretKeyRef() != null) {
        assertEquals("werkplaats", v.getValueFrom().getSecretKeyRef().getName(), v.getName());
        value = "from-the-secret-" + v.getValueFrom().getSecretKeyRef().getKey() + "-long-enough";
      } else {
        value = switch (v.getValueFrom().getFieldRef().getFieldPath()) {
          case "status.podIP" -> "10.1.2.3";
          case "metadata.namespace" -> "werkplaats";
          default -> throw new AssertionError(v.getName() + ": " + v.getValueFrom().getFieldRef().getFieldPath());
        };
      }
      Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(value);
      StringBuilder expanded = new StringBuilder();
      while (m.find()) {
        assertTrue(env.containsKey(m.group(1)), v.getName() + " refers to " + m.group(1) + ", defined before it");
        m.appendReplacement(expanded, Matcher.quoteReplacement(env.get(m.group(1))));
      }
      m.appendTail(expanded);
      env.put(v.getName(), expanded.toString());
    }
    return env;
  }

  private static int port(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow(() -> new AssertionError("no container port " + name));
  }

  private static void probe(Probe probe, String path) {
    assertNotNull(probe, path);
    assertEquals(path, probe.getHttpGet().getPath());
    assertEquals("http", probe.getHttpGet().getPort().getStrVal());
  }

  @SuppressWarnings("unchecked")
  private static String address(String service) {
    Map<String, Object> networks = (Map<String, Object>) Recipes.service(service).get("networks");
    return String.valueOf(((Map<String, Object>) networks.get("werkplaats")).get("ipv4_address"));
  }
}
