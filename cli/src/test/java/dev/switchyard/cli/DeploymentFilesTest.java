package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchyard.cli.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and its Prometheus and Grafana files, checked against the code they deploy:
 * there is no Docker engine here to run them, so what can be checked without one is checked.
 * (The images themselves are built by {@code ./mvnw -Pimages package}, which needs a reachable
 * container registry for the base image.)
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> SERVICE_MODULES = Map.of(
            "router", "router-service", "executor", "executor-service", "cost", "cost-service", "provider-sim", "provider-sim");

    @Test
    void composeRunsKafkaInKraftModeAndEveryServiceFromTheImageItsModuleBuilds() throws IOException {
        JsonNode services = compose().get("services");
        JsonNode kafka = services.get("kafka");
        assertThat(kafka.get("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.get("environment").get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        LocalStack.BROKER_TUNING.forEach((property, value) -> assertThat(kafka.get("environment")
                .path("KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_')).asText())
                .as("the broker of switchyard up and of docker-compose alike: " + property).isEqualTo(value));

        String version = pomValue(ROOT.resolve("pom.xml"), "version");
        for (Map.Entry<String, String> service : SERVICE_MODULES.entrySet()) {
            String imageName = pomValue(ROOT.resolve(service.getValue()).resolve("pom.xml"), "image.name");
            assertThat(services.get(service.getKey()).get("image").asText()).as(service.getKey())
                    .isEqualTo(imageName + ":${SWITCHYARD_VERSION:-" + version + "}");
        }
        assertThat(services.get("schema-registry").get("profiles").get(0).asText()).isEqualTo("schema-registry");
        assertThat(services.get("cost").get("environment").get("SWITCHYARD_COST_API_TOKENS_0_TOKEN").asText())
                .as("no default token: the operator must choose one").contains(":?");
    }

    @Test
    void hostPortsAreDistinctAndMountedFilesExist() throws IOException {
        Set<String> hostPorts = new HashSet<>();
        compose().get("services").forEach(service -> {
            service.path("ports").forEach(port -> assertThat(hostPorts.add(port.asText().split(":")[0]))
                    .as("host port %s used twice", port.asText()).isTrue());
            service.path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source)).as(source).exists();
                }
            });
        });
    }

    @Test
    void prometheusScrapesEveryServiceOnItsConfiguredPort() throws IOException {
        JsonNode config = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        config.get("scrape_configs").get(0).get("static_configs").forEach(c -> c.get("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets).containsExactlyInAnyOrder(
                "router:" + defaultPort("router-service/src/main/resources/router.yml"),
                "executor:" + defaultPort("executor-service/src/main/resources/executor.yml"),
                "cost:" + defaultPort("cost-service/src/main/resources/cost.yml"));
        assertThat(config.get("scrape_configs").get(0).get("metrics_path").asText()).isEqualTo("/actuator/prometheus");
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsOneTheServicesRegister() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/switchyard.json").toFile());
        Set<String> titles = new HashSet<>();
        Set<String> metrics = new HashSet<>();
        Pattern metric = Pattern.compile("switchyard_[a-z_]+");
        dashboard.get("panels").forEach(panel -> {
            titles.add(panel.get("title").asText());
            panel.get("targets").forEach(target -> {
                Matcher m = metric.matcher(target.get("expr").asText());
                while (m.find()) {
                    metrics.add(m.group());
                }
            });
        });
        assertThat(String.join(" ", titles).toLowerCase())
                .contains("throughput", "latency", "cost by model", "circuit breakers", "budget utilisation");
        String sources = javaSources();
        for (String name : metrics) {
            String meter = name.replaceAll("_(seconds_count|seconds_bucket|nanousd_total|total)$", "").replace('_', '.');
            assertThat(sources).as("a meter named %s (queried as %s)", meter, name).contains('"' + meter + '"');
        }
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    private static String pomValue(Path pom, String element) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(element) + ">([^<]+)</").matcher(Files.readString(pom));
        // The first <version> of a module pom is its parent's; the parent pom's first is the project's own.
        assertThat(m.find()).as(element + " in " + pom).isTrue();
        if (element.equals("version")) {
            String text = Files.readString(pom);
            Matcher own = Pattern.compile("</parent>[\\s\\S]*?<version>([^<]+)</version>").matcher(text);
            return own.find() ? own.group(1) : m.group(1);
        }
        return m.group(1);
    }

    private static String defaultPort(String config) throws IOException {
        Matcher m = Pattern.compile("port: \\$\\{[A-Z_]+:(\\d+)}").matcher(Files.readString(ROOT.resolve(config)));
        assertThat(m.find()).as("server.port in " + config).isTrue();
        return m.group(1);
    }

    private static String javaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
