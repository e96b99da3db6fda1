package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker or Kubernetes here, so the compose file and the manifests are checked as data against what the
 * services really read: every environment variable they set must be one the service's application.yml asks for
 * (a typo would silently fall back to a localhost default), every probe must hit an actuator endpoint the service
 * enables, and the topic and databases they declare must be the ones the services are pointed at.
 */
class DeploymentManifestsTest {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /**
     * Read without a placeholder in application.yml: by the JVM, by Axon, or bound by Spring's relaxed binding
     * (ISSUELEDGER_API_KEYS → issueledger.security.api-keys, the security settings; ISSUELEDGER_KAFKA_CLIENT_* →
     * the Kafka pass-through map).
     */
    private static final Set<String> READ_WITHOUT_PLACEHOLDER = Set.of("JAVA_TOOL_OPTIONS",
            "AXONIQ_UPDATE_CHECKER_DISABLED", "ISSUELEDGER_API_KEYS");
    private static final String PASS_THROUGH_PREFIX = "ISSUELEDGER_KAFKA_CLIENT_";
    private static final Map<String, Integer> PORTS = Map.of("command-service", 8081, "query-service", 8082);

    @Test
    void kubernetesWorkloadsProbeTheActuatorAndSetOnlyVariablesTheServicesRead() throws Exception {
        List<Map<String, Object>> documents = kubernetesDocuments();
        Map<String, Map<String, Object>> configMaps = byKind(documents, "ConfigMap");
        Map<String, Map<String, Object>> secrets = byKind(documents, "Secret");

        for (String service : PORTS.keySet()) {
            Map<String, Object> workload = documents.stream()
                    .filter(d -> Set.of("Deployment", "StatefulSet").contains(d.get("kind")))
                    .filter(d -> service.equals(string(d, "metadata", "name")))
                    .findFirst().orElseThrow(() -> new AssertionError("No workload for " + service));
            Set<String> readByService = variablesRead(service);
            assertThat(applicationYml(service)).as("%s enables the liveness and readiness groups", service)
                    .containsPattern("probes:\\s*\\n\\s*enabled: true");

            List<Map<String, Object>> containers = list(map(map(map(workload, "spec"), "template"), "spec"), "containers");
            assertThat(containers).hasSize(1);
            Map<String, Object> container = containers.get(0);
            assertThat(container.get("image")).asString().startsWith("issueledger/" + service + ":");
            assertThat(list(container, "ports")).extracting(p -> p.get("containerPort")).containsExactly(PORTS.get(service));
            assertThat(string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(string(container, "startupProbe", "httpGet", "path")).startsWith("/actuator/health/");

            for (Map<String, Object> variable : list(container, "env")) {
                String name = (String) variable.get("name");
                assertThat(readByService).as("%s reads %s", service, name).contains(name);
                Map<String, Object> secretRef = map(map(variable, "valueFrom"), "secretKeyRef");
                if (!secretRef.isEmpty()) {
                    Map<String, Object> secret = secrets.get((String) secretRef.get("name"));
                    assertThat(secret).as("secret %s", secretRef.get("name")).isNotNull();
                    assertThat(map(secret, "stringData")).containsKey((String) secretRef.get("key"));
                }
            }
            for (Map<String, Object> source : list(container, "envFrom")) {
                Map<String, Object> configMapRef = map(source, "configMapRef");
                Map<String, Object> secretRef = map(source, "secretRef");
                Map<String, Object> referenced = configMapRef.isEmpty()
                        ? map(secrets.get((String) secretRef.get("name")), "stringData")
                        : map(configMaps.get((String) configMapRef.get("name")), "data");
                assertThat(referenced).as("%s's envFrom %s", service, source).isNotEmpty();
                // One ConfigMap serves both services: each of its keys must be read by at least one of them.
                for (String name : referenced.keySet()) {
                    assertThat(Set.of(variablesRead("command-service"), variablesRead("query-service")))
                            .as("a service reads %s", name).anyMatch(read -> read.contains(name));
                }
            }
        }
    }

    @Test
    void strimziTopicAndCloudNativePgClusterMatchWhatTheServicesAreToldToUse() throws Exception {
        List<Map<String, Object>> documents = kubernetesDocuments();
        Map<String, Object> config = map(byKind(documents, "ConfigMap").get("issueledger-config"), "data");

        Map<String, Object> topic = byKind(documents, "KafkaTopic").get(String.valueOf(config.get("ISSUE_EVENTS_TOPIC")));
        assertThat(topic).as("a KafkaTopic named as ISSUE_EVENTS_TOPIC").isNotNull();
        Map<String, Object> spec = map(topic, "spec");
        assertThat(spec).containsEntry("partitions", 6).containsEntry("replicas", 3);
        assertThat(String.valueOf(spec.get("partitions"))).isEqualTo(config.get("ISSUE_EVENTS_PARTITIONS"));
        assertThat(String.valueOf(spec.get("replicas"))).isEqualTo(config.get("ISSUE_EVENTS_REPLICATION_FACTOR"));
        Map<String, Object> topicConfig = map(spec, "config");
        assertThat(String.valueOf(topicConfig.get("retention.ms"))).isEqualTo("-1");
        assertThat(String.valueOf(topicConfig.get("min.insync.replicas"))).isEqualTo("2");
        String kafkaCluster = string(topic, "metadata", "labels", "strimzi.io/cluster");
        assertThat(byKind(documents, "Kafka")).containsKey(kafkaCluster);
        assertThat(String.valueOf(config.get("KAFKA_BOOTSTRAP_SERVERS"))).startsWith(kafkaCluster + "-kafka-bootstrap:");

        Map<String, Object> postgres = byKind(documents, "Cluster").values().iterator().next();
        String host = string(postgres, "metadata", "name") + "-rw";
        Map<String, Object> initdb = map(map(map(postgres, "spec"), "bootstrap"), "initdb");
        Set<String> databases = new HashSet<>(Set.of(String.valueOf(initdb.get("database"))));
        for (Object sql : (List<?>) initdb.get("postInitSQL")) {
            Matcher created = Pattern.compile("CREATE DATABASE (\\w+)").matcher(sql.toString());
            if (created.find()) {
                databases.add(created.group(1));
            }
        }
        for (String url : List.of("COMMAND_DB_URL", "QUERY_DB_URL")) {
            Matcher jdbc = Pattern.compile("jdbc:postgresql://([^:/]+):5432/(\\w+)").matcher(String.valueOf(config.get(url)));
            assertThat(jdbc.matches()).as(url).isTrue();
            assertThat(jdbc.group(1)).isEqualTo(host);
            assertThat(databases).contains(jdbc.group(2));
        }
        assertThat(byKind(documents, "Secret")).containsKey(string(initdb, "secret", "name"));
    }

    @Test
    void composeRunsTwoOfEachServiceOnThreeBrokersWithOnlyVariablesTheServicesRead() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("deploy/compose/compose.yaml")));
        Map<String, Object> services = map(compose, "services");
        assertThat(services.keySet()).contains("postgres", "kafka-1", "kafka-2", "kafka-3", "command-1", "command-2",
                "query-1", "query-2", "load-balancer");

        Set<String> queryInstanceIds = new HashSet<>();
        for (var entry : services.entrySet()) {
            Map<String, Object> definition = map(services, entry.getKey());
            String image = String.valueOf(definition.get("image"));
            String service = image.startsWith("issueledger/command-service") ? "command-service"
                    : image.startsWith("issueledger/query-service") ? "query-service" : null;
            if (service == null) {
                continue;
            }
            Set<String> read = variablesRead(service);
            Map<String, Object> environment = map(definition, "environment");
            assertThat(environment.keySet()).as("variables of %s", entry.getKey()).allMatch(name ->
                    read.contains(name) || READ_WITHOUT_PLACEHOLDER.contains(name) || name.startsWith(PASS_THROUGH_PREFIX));
            assertThat(String.valueOf(environment.get("KAFKA_BOOTSTRAP_SERVERS")).split(",")).hasSize(3);
            assertThat(Path.of(String.valueOf(map(definition, "build").get("dockerfile")))).satisfies(dockerfile ->
                    assertThat(REPO.resolve(dockerfile)).isRegularFile());
            if (service.equals("query-service")) {
                queryInstanceIds.add(String.valueOf(environment.get("QUERY_INSTANCE_ID")));
            }
        }
        assertThat(queryInstanceIds).as("a distinct static member id per query-service").hasSize(2);

        String nginx = Files.readString(REPO.resolve("deploy/compose/nginx.conf"));
        Matcher upstream = Pattern.compile("server ([\\w-]+):(\\d+)").matcher(nginx);
        int servers = 0;
        while (upstream.find()) {
            servers++;
            assertThat(services).as("nginx upstream %s", upstream.group(1)).containsKey(upstream.group(1));
        }
        assertThat(servers).isEqualTo(4);
    }

    @Test
    void dockerfilesCopyTheJarTheMavenBuildMakes() throws Exception {
        for (var jarProperty : Map.of("command-service", "e2e.commandJar", "query-service", "e2e.queryJar").entrySet()) {
            String dockerfile = Files.readString(REPO.resolve("deploy/images/" + jarProperty.getKey() + "/Dockerfile"));
            String jarName = Path.of(System.getProperty(jarProperty.getValue())).getFileName().toString();
            assertThat(dockerfile).contains("ARG JAR=" + jarProperty.getKey() + "/target/" + jarName)
                    .containsPattern("FROM eclipse-temurin:\\d+-jre")
                    .contains("EXPOSE " + PORTS.get(jarProperty.getKey()));
        }
    }

    private static List<Map<String, Object>> kubernetesDocuments() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPO.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> manifest = (Map<String, Object>) document;
                    assertThat(manifest).as(file + " has apiVersion and kind").containsKeys("apiVersion", "kind", "metadata");
                    documents.add(manifest);
                }
            }
        }
        assertThat(documents).extracting(d -> d.get("kind")).contains("Deployment", "StatefulSet", "Service",
                "ConfigMap", "Secret", "KafkaTopic", "Cluster");
        return documents;
    }

    private static Map<String, Map<String, Object>> byKind(List<Map<String, Object>> documents, String kind) {
        Map<String, Map<String, Object>> named = new HashMap<>();
        documents.stream().filter(d -> kind.equals(d.get("kind")))
                .forEach(d -> named.put(string(d, "metadata", "name"), d));
        return named;
    }

    private static String applicationYml(String service) throws IOException {
        return Files.readString(REPO.resolve(service + "/src/main/resources/application.yml"));
    }

    /** The environment variables a service's application.yml names in placeholders, and those read otherwise. */
    private static Set<String> variablesRead(String service) throws IOException {
        Set<String> names = new HashSet<>(READ_WITHOUT_PLACEHOLDER);
        Matcher placeholder = PLACEHOLDER.matcher(applicationYml(service));
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> items ? (List<Map<String, Object>>) items : List.of();
    }

    private static String string(Map<String, Object> root, String... path) {
        Map<String, Object> current = root;
        for (int i = 0; i < path.length - 1; i++) {
            current = map(current, path[i]);
        }
        Object value = current.get(path[path.length - 1]);
        return value == null ? null : value.toString();
    }
}
