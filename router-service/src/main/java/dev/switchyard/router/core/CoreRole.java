package dev.switchyard.router.core;

/**
 * Which of the router's two cores a {@link RouterCore} is.
 *
 * <p>The request core reads requests and failed attempts where they land, keyed by requestId,
 * so a request of a tenant without budgets is routed in one hop, with no repartition and no
 * second exactly-once commit to wait for; PREFERENCE included, as it reads the outcomes the
 * tenant core publishes. It hands what needs a tenant's single writer (budgeted tenants and
 * users) to the tenant core, keyed by tenant, which also takes requests without a usable key and
 * settles terminal results.
 *
 * @param storePrefix  its stores' names start with this, so both cores live in one topology
 * @param tenantWriter whether it is each tenant's one writer: it reserves and settles budgets and
 *                     counts outcomes (the tenant core only)
 */
public record CoreRole(String storePrefix, boolean tenantWriter) {

    public static final CoreRole REQUEST = new CoreRole("request-", false);
    public static final CoreRole TENANT = new CoreRole("", true);
}
