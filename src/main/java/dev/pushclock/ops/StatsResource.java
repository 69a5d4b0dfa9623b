package dev.pushclock.ops;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.NoCache;

/** {@code GET /api/stats}: what each transport has cost on the wire so far, by transport id. */
@Path("/api/stats")
public class StatsResource {

    private final WireStats stats;

    StatsResource(WireStats stats) {
        this.stats = stats;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @NoCache
    public Map<String, WireStats.Figures> stats() {
        return stats.snapshot();
    }
}
