package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.cost.CostTopology;
import dev.switchyard.cost.aggregate.CostDeltas;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.UsageEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two cost-service instances on a real broker: each answers every query, forwarding what the
 * other holds; tokens are scoped to their tenant; CSV exports the same rows; and the analysts'
 * dashboard renders the live figures in headless Chromium (screenshot in
 * {@code cli/target/dashboard.png}).
 */
class CostQueryEndToEndTest {

    private static final String ADMIN_TOKEN = "admin-token-0123456789";
    private static final String T0_TOKEN = "tenant-t0-token-0123456789";
    private static final String T1_TOKEN = "tenant-t1-token-0123456789";
    private static final List<String> TENANTS = List.of("t0", "t1", "t2", "t3", "t4", "t5");
    private static final List<String> MODELS = List.of("gpt-4o-mini", "claude-haiku-4-5");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyInstanceAnswersEveryTenantWithinItsTokensScope() throws Exception {
        Path tokens = Files.createTempFile("api-tokens", ".txt");
        Files.writeString(tokens, "* " + ADMIN_TOKEN + "\nt0 " + T0_TOKEN + "\nt1 " + T1_TOKEN + "\n");
        try (InProcessStack stack = new InProcessStack()) {
            int portA = freePort();
            int portB = freePort();
            ConfigurableApplicationContext a = stack.startCostWithApi("cost-a", portA, tokens);
            ConfigurableApplicationContext b = stack.startCostWithApi("cost-b", portB, tokens);

            Instant now = Instant.now();
            Instant day = now.truncatedTo(ChronoUnit.DAYS);
            Instant month = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
            Map<String, Long> expectedDayCost = new HashMap<>();
            Map<String, Long> expectedModelCost = new HashMap<>();
            try (RecordWriter writer = new RecordWriter(stack.kafka, "cost-query-test")) {
                for (int i = 0; i < 600; i++) {
                    String tenant = TENANTS.get(i % TENANTS.size());
                    String model = MODELS.get(i % 5 == 0 ? 1 : 0);
                    long cost = 1_000L + i * 37L;
                    Instant at = now.minusSeconds(i % 120);
                    UsageEvent usage = UsageEvent.newBuilder().setUsageId("q" + i + "#1").setRequestId("q" + i).setAttempt(1)
                            .setTenantId(tenant).setUserId("user-" + (i / TENANTS.size() % 3))
                            .setProvider(model.startsWith("claude") ? "anthropic" : "openai").setModel(model)
                            .setInputTokens(100).setCachedInputTokens(0).setOutputTokens(20).setCostNanoUsd(cost).setAtMs(at).build();
                    writer.send(stack.topics.usage, usage.getUsageId(), usage, at.toEpochMilli());
                    if (!at.isBefore(day)) {
                        expectedDayCost.merge(tenant, cost, Long::sum);
                    }
                    if (!at.isBefore(month)) {
                        expectedModelCost.merge(model, cost, Long::sum);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    LlmResult result = LlmResult.newBuilder().setRequestId("batched-" + i).setTenantId("t0").setBatchId("b-1")
                            .setBatchSize(3).setStatus(ResultStatus.SUCCEEDED).setModel("gpt-4o-mini").setProvider("openai")
                            .setCreatedAtMs(now).setCompletedAtMs(now).build();
                    writer.send(stack.topics.results, result.getRequestId(), result);
                }
                writer.send(stack.topics.budgetPolicies, "tenant:t0", BudgetPolicy.newBuilder().setOwner("tenant:t0")
                        .setLimitNanoUsd(1_000_000_000L).setPeriod(BudgetPeriod.DAILY).build());
                writer.flush();
            }

            assertThat(owners(a, b)).as("the tenants are spread over both instances, so some queries are forwarded")
                    .containsExactlyInAnyOrder(portA, portB);

            for (String tenant : TENANTS) {
                for (int port : List.of(portA, portB)) {
                    JsonNode rows = await(port, "/api/costs?tenant=" + tenant + "&window=day", ADMIN_TOKEN,
                            body -> body.size() == 1 && body.get(0).get("costNanoUsd").asLong() == expectedDayCost.get(tenant));
                    assertThat(rows.get(0).get("windowStartMs").asLong()).isEqualTo(day.toEpochMilli());
                }
            }

            JsonNode everyTenant = await(portB, "/api/costs?window=day", ADMIN_TOKEN, body -> body.size() == TENANTS.size());
            assertThat(sum(everyTenant)).isEqualTo(expectedDayCost.values().stream().mapToLong(Long::longValue).sum());
            JsonNode byModel = get(portA, "/api/costs?by=model&window=month", ADMIN_TOKEN, 200);
            for (String model : MODELS) {
                assertThat(sumWhere(byModel, row -> row.get("model").asText().equals(model)))
                        .as("%s over every tenant", model).isEqualTo(expectedModelCost.get(model));
            }
            JsonNode top = get(portA, "/api/top-spenders?by=tenant&window=day&from=" + day + "&limit=3", ADMIN_TOKEN, 200);
            List<String> expectedTop = expectedDayCost.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3).map(Map.Entry::getKey).toList();
            assertThat(top.findValuesAsText("tenantId")).containsExactlyElementsOf(expectedTop);

            // Tenant scoping: t0's token reads t0 only, and a query without a tenant means its own.
            assertThat(get(portB, "/api/costs?window=day", T0_TOKEN, 200).findValuesAsText("tenantId")).containsOnly("t0");
            get(portA, "/api/costs?tenant=t1", T0_TOKEN, 403);
            get(portA, "/api/costs?tenant=t1", null, 401);
            get(portA, "/api/costs?tenant=t1", "not-a-valid-token-at-all", 401);
            get(portA, "/api/costs?window=fortnight", ADMIN_TOKEN, 400);

            HttpResponse<String> csv = send(portB, "/api/costs?tenant=t3&by=user&window=day&format=csv", ADMIN_TOKEN);
            assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.getFirst()).startsWith("tenantId,userId,provider,model,window,windowStartMs");
            assertThat(lines).hasSize(1 + 3);
            assertThat(lines.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[11])).sum())
                    .isEqualTo(expectedDayCost.get("t3"));

            for (int port : List.of(portA, portB)) {
                JsonNode batch = await(port, "/api/batches/b-1", ADMIN_TOKEN, body -> body.path("state").asText().equals("COMPLETED"));
                assertThat(batch.get("succeeded").asInt()).isEqualTo(3);
                JsonNode budget = await(port, "/api/budgets?owner=tenant:t0", ADMIN_TOKEN,
                        body -> body.path("spentNanoUsd").asLong() == expectedDayCost.get("t0"));
                assertThat(budget.get("limitNanoUsd").asLong()).isEqualTo(1_000_000_000L);
            }
            get(portA, "/api/batches/b-1", T1_TOKEN, 404); // t0's batch: not found for t1, so ids cannot be probed

            assertThat(send(portA, "/api/openapi.yaml", null).body()).contains("/api/top-spenders");
            renderDashboard(portB, day);
        }
    }

    /**
     * Chromium renders the dashboard from the live API; the test reads the DOM it built and keeps a screenshot.
     * Where no browser is installed the test ends here, skipped, after the API checks above passed (a failure
     * instead with SWITCHYARD_REQUIRE_BROWSER=true, as in CI; see {@link Chromium}).
     */
    private void renderDashboard(int port, Instant day) throws Exception {
        String url = "http://localhost:" + port + "/#token=" + ADMIN_TOKEN;
        String dom = Chromium.dumpDom(url);
        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom).contains("data-series=\"claude-haiku-4-5,gpt-4o-mini\"");
        assertThat(dom).contains("data-series=\"t0,t1,t2,t3,t4,t5\"");
        assertThat(dom).contains("data-owner=\"tenant:t0\"");
        assertThat(dom).contains("data-batch=\"b-1\" data-state=\"COMPLETED\"");
        assertThat(dom).doesNotContain(ADMIN_TOKEN);
        Path screenshot = Path.of("target", "dashboard.png");
        Chromium.screenshot(url, screenshot);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static Set<Integer> owners(ConfigurableApplicationContext... instances) throws InterruptedException {
        Set<Integer> ports = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ports.clear();
            try {
                for (String tenant : TENANTS) {
                    ports.add(instances[0].getBean(ManagedStreams.class).kafkaStreams()
                            .queryMetadataForKey(CostTopology.COSTS_STORE, CostDeltas.tenantPrefix(tenant), CostTopology.costPartitioner())
                            .activeHost().port());
                }
                if (ports.size() == instances.length) {
                    return ports;
                }
            } catch (RuntimeException rebalancing) {
                // not yet known
            }
            Thread.sleep(200);
        }
        return ports;
    }

    private JsonNode await(int port, String path, String token, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(port, path, token);
            if (response.statusCode() == 200) {
                last = json.readTree(response.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " on port " + port + " never satisfied the test; last answer: " + last);
    }

    private JsonNode get(int port, String path, String token, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(port, path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long sum(JsonNode rows) {
        return sumWhere(rows, row -> true);
    }

    private static long sumWhere(JsonNode rows, Predicate<JsonNode> which) {
        long total = 0;
        for (JsonNode row : rows) {
            if (which.test(row)) {
                total += row.get("costNanoUsd").asLong();
            }
        }
        return total;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
