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
        return answer(context, ifNoneMatch, "json", json::of);
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> text(@Context RoutingContext context, @RestHeader("If-None-Match") String ifNoneMatch) {
        return answer(context, ifNoneMatch, "text", text::of);
    }

    /**
     * The headers go on the Vert.x response itself, once the answer is made: through the response
     * builder each poll filled a case-insensitive tree map with them, a sixth of what a poll
     * allocated (bench/TUNING.md). So no response filter sees them; none reads them.
     */
    private RestResponse<String> answer(RoutingContext context, String ifNoneMatch, String representation,
            BiFunction<Tick, ZoneId, String> render) {
        ClockRequest request = context.get(ClockRequest.KEY);
        Tick tick = feed.current();
        String tag = EntityTags.of(tick, request.zone(), representation);
        RestResponse<String> answer = EntityTags.matches(ifNoneMatch, tag)
                ? RestResponse.notModified()
                : RestResponse.ok(render.apply(tick, request.zone()));
        context.response().headers()
                .set(HttpHeaders.ETAG, tag)
                .set(HttpHeaders.CACHE_CONTROL, "no-cache")
                .set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return answer;
    }
}
