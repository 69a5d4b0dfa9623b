package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.function.BiFunction;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;

/**
 * Interval polling: the latest tick, cheap to ask for again. An unchanged tick costs a 304 and no
 * body.
 */
@Path("/api/clock")
public class PollResource {

    private final ClockFeed feed;
    private final FrameCache<String> json = new FrameCache<>(TickJson::of);
    private final FrameCache<String> text = new FrameCache<>(TickJson::timeOfDay);

    PollResource(ClockFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<String> json(@RestQuery String zone, @RestHeader("If-None-Match") String ifNoneMatch) {
        return answer(zone, ifNoneMatch, "json", json::of);
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> text(@RestQuery String zone, @RestHeader("If-None-Match") String ifNoneMatch) {
        return answer(zone, ifNoneMatch, "text", text::of);
    }

    private RestResponse<String> answer(String zone, String ifNoneMatch, String representation,
            BiFunction<Tick, ZoneId, String> render) {
        ZoneId zoneId = QueryParams.zone(zone, feed.defaultZone());
        Tick tick = feed.current();
        String tag = EntityTags.of(tick, zoneId, representation);
        RestResponse.ResponseBuilder<String> response = EntityTags.matches(ifNoneMatch, tag)
                ? RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_MODIFIED)
                : RestResponse.ResponseBuilder.ok(render.apply(tick, zoneId));
        return response.header(HttpHeaders.ETAG, tag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }
}
