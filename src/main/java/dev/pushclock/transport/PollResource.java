package dev.pushclock.transport;

import io.smallrye.common.annotation.NonBlocking;
import java.time.ZoneId;
import java.util.function.BiFunction;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import io.vertx.ext.web.RoutingContext;

/**
 * Interval polling: the latest tick, cheap to ask for again. An unchanged tick costs a 304 and no
 * body.
 */
@Path(Transport.Paths.POLL)
@NonBlocking
@Serves(Transport.POLL)
public class PollResource {

    private final ClockFeed feed;
    private final FrameCache<String> json = new FrameCache<>(TickJson::of);
    private final FrameCache<String> text = new FrameCache<>(TickJson::timeOfDay);

    PollResource(ClockFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<String> json(@Context RoutingContext context, @RestHeader("If-None-Match") String ifNoneMatch) {
        return answer(context.get(ClockRequest.KEY), ifNoneMatch, "json", json::of);
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> text(@Context RoutingContext context, @RestHeader("If-None-Match") String ifNoneMatch) {
        return answer(context.get(ClockRequest.KEY), ifNoneMatch, "text", text::of);
    }

    private RestResponse<String> answer(ClockRequest request, String ifNoneMatch, String representation,
            BiFunction<Tick, ZoneId, String> render) {
        Tick tick = feed.current();
        String tag = EntityTags.of(tick, request.zone(), representation);
        RestResponse.ResponseBuilder<String> response = EntityTags.matches(ifNoneMatch, tag)
                ? RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_MODIFIED)
                : RestResponse.ResponseBuilder.ok(render.apply(tick, request.zone()));
        return response.header(HttpHeaders.ETAG, tag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }
}
