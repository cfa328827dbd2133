package io.agentry.server.health;

import java.util.List;

/** Several readiness checks whose number comes from configuration (one per configured MCP server). */
public interface ReadinessChecks {

    List<ReadinessCheck> checks();
}
