package dev.pushclock.ops;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.NoCache;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /api/stats}: what each transport has cost on the wire so far, by transport id; over
 * HTTP/1.1, with a {@code Link} to the HTTPS page where there is one (the demo page polls this).
 */
@Path("/api/stats")
public class StatsResource {

    private final WireStats stats;
    private final HttpsAlternate https;

    StatsResource(WireStats stats, HttpsAlternate https) {
        this.stats = stats;
        this.https = https;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @NoCache
    public RestResponse<Map<String, WireStats.Figures>> stats(@Context HttpServerRequest request) {
        ResponseBuilder<Map<String, WireStats.Figures>> response = ResponseBuilder.ok(stats.snapshot());
        https.linkFor(request).ifPresent(link -> response.header(HttpHeaders.LINK, link));
        return response.build();
    }
}
