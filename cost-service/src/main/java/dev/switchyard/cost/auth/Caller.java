package dev.switchyard.cost.auth;

/**
 * Who is asking, from the bearer token: one tenant, or every tenant (an analyst's or operator's
 * token, granted with tenant {@code *}).
 */
public record Caller(String tenant) {

    public static final String ALL_TENANTS = "*";
    public static final String REQUEST_ATTRIBUTE = "switchyard.caller";

    public boolean seesAllTenants() {
        return ALL_TENANTS.equals(tenant);
    }

    public boolean canRead(String tenantId) {
        return seesAllTenants() || tenant.equals(tenantId);
    }

    /** The tenant a query is about: the one asked for, or the caller's own when none is. */
    public String tenantOrOwn(String requested) {
        if (requested != null && !requested.isBlank()) {
            if (!canRead(requested)) {
                throw new ForbiddenException("this token may not read tenant '" + requested + "'");
            }
            return requested;
        }
        return seesAllTenants() ? null : tenant;
    }

    public void checkCanRead(String tenantId) {
        if (!canRead(tenantId)) {
            throw new ForbiddenException("this token may not read tenant '" + tenantId + "'");
        }
    }
}
