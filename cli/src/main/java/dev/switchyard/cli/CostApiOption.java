package dev.switchyard.cli;

import dev.switchyard.cli.client.CostApi;
import dev.switchyard.cli.stack.ApiToken;
import dev.switchyard.cli.stack.StackState;
import java.io.IOException;
import picocli.CommandLine.Option;

/** How a command reaches the cost service's query API: URL and bearer token, from flags, environment or the local stack. */
public final class CostApiOption {

    @Option(names = "--cost-url", defaultValue = "${env:SWITCHYARD_COST_URL}",
            description = "The cost service (env SWITCHYARD_COST_URL); default: the local stack's.")
    String url;

    @Option(names = "--token", defaultValue = "${env:SWITCHYARD_TOKEN}",
            description = "Bearer token of the cost API (env SWITCHYARD_TOKEN); default: the local stack's all-tenants token.")
    String token;

    public CostApi api(HomeOption home) throws IOException {
        String base = url;
        if (base == null || base.isBlank()) {
            StackState state = StackState.read(home.home()).filter(s -> s.ports().containsKey("cost"))
                    .orElseThrow(() -> new HomeOption.NotRunningException("no local cost service in " + home.home()
                            + ": run 'switchyard up' or pass --cost-url"));
            base = "http://127.0.0.1:" + state.ports().get("cost");
        }
        String bearer = token != null && !token.isBlank() ? token : ApiToken.read(home.home()).orElseThrow(() ->
                new IllegalArgumentException("no API token: pass --token or set SWITCHYARD_TOKEN"));
        return new CostApi(base, bearer);
    }
}
