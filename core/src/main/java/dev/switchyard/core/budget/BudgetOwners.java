package dev.switchyard.core.budget;

import java.util.ArrayList;
import java.util.List;

/** Budget owners as docs/CONTRACT.md names them: {@code tenant:<tenantId>} or {@code user:<tenantId>/<userId>}. */
public final class BudgetOwners {

    private static final String TENANT = "tenant:";
    private static final String USER = "user:";

    private BudgetOwners() {
    }

    public static String tenant(String tenantId) {
        return TENANT + tenantId;
    }

    public static String user(String tenantId, String userId) {
        return USER + tenantId + "/" + userId;
    }

    /** The owners whose budgets a request of this tenant and user spends from: the tenant's, then the user's. */
    public static List<String> of(String tenantId, String userId) {
        List<String> owners = new ArrayList<>(2);
        owners.add(tenant(tenantId));
        if (userId != null) {
            owners.add(user(tenantId, userId));
        }
        return owners;
    }

    /** The tenant an owner belongs to; every budget of a tenant is kept by one writer, keyed by it. */
    public static String tenantOf(String owner) {
        if (owner.startsWith(TENANT)) {
            return owner.substring(TENANT.length());
        }
        if (owner.startsWith(USER) && owner.indexOf('/') > USER.length()) {
            return owner.substring(USER.length(), owner.indexOf('/'));
        }
        throw new IllegalArgumentException("'" + owner + "' is not a budget owner: expected tenant:<tenantId> or user:<tenantId>/<userId>");
    }
}
