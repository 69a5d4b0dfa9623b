package dev.pushclock.transport;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.TickJson;
import io.smallrye.mutiny.Uni;

/**
 * Long-polling with state semantics: a clock wants the current time, not a backlog, so a client
 * behind the clock gets the current tick at once and a client up to date waits for the next one,
 * holding no thread while it waits.
 */
@Path("/api/clock/next")
public class LongPollResource {

    private final ClockFeed feed;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;
    private final FrameCache<String> json = new FrameCache<>(TickJson::of);

    LongPollResource(ClockFeed feed, ClockConfig config) {
        this.feed = feed;
        this.defaultTimeoutSeconds = config.longPoll().defaultTimeout().toSeconds();
        this.maxTimeoutSeconds = config.longPoll().maxTimeout().toSeconds();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<String>> next(@RestQuery String after, @RestQuery String timeout, @RestQuery String zone) {
        long cursor = QueryParams.nonNegativeLong("after", after).orElse(feed.current().seq());
        Duration wait = Duration.ofSeconds(
                QueryParams.inRange("timeout", timeout, 1, maxTimeoutSeconds, defaultTimeoutSeconds));
        ZoneId zoneId = QueryParams.zone(zone, feed.defaultZone());
        return feed.ticks()
                .filter(tick -> tick.seq() > cursor)
                .toUni()
                .map(tick -> tick == null ? shuttingDown() : RestResponse.ResponseBuilder.ok(json.of(tick, zoneId)))
                .ifNoItem().after(wait).recoverWithItem(() -> RestResponse.ResponseBuilder.<String> noContent())
                .map(response -> response.header(HttpHeaders.CACHE_CONTROL, "no-cache").build());
    }

    /**
     * The feed ended without a tick: this replica is going away. The client asks again, with the
     * same cursor, and reaches another one.
     */
    private static RestResponse.ResponseBuilder<String> shuttingDown() {
        return RestResponse.ResponseBuilder.<String> noContent().header("Connection", "close");
    }
}
