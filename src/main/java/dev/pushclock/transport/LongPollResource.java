package dev.pushclock.transport;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.ext.web.RoutingContext;

/**
 * Long-polling with state semantics: a clock wants the current time, not a backlog, so a client
 * behind the clock gets the current tick at once and a client up to date waits for the next one.
 * The wait is a suspended {@code Uni}, holding no thread: the request joins the hub on its own
 * event loop, which hands it the current tick as it joins and every later one there, so no tick
 * can slip between asking and waiting.
 */
@Path(Transport.Paths.LONG_POLL)
@Serves(Transport.LONG_POLL)
public class LongPollResource {

    private final ClockFeed feed;
    private final Hub hub;
    private final FrameCache<String> json = new FrameCache<>(TickJson::of);

    LongPollResource(ClockFeed feed, Hub hub) {
        this.feed = feed;
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<String>> next(@Context RoutingContext context) {
        ClockRequest request = context.get(ClockRequest.KEY);
        long cursor = request.after().orElse(feed.current().seq());
        return Uni.createFrom().<ResponseBuilder<String>> emitter(emitter -> {
            Hub.Membership membership = hub.join(new Waiter(cursor, request.zone(), emitter));
            emitter.onTermination(membership::leave);
        })
                .ifNoItem().after(Duration.ofSeconds(request.timeoutSeconds())).recoverWithItem(ResponseBuilder::noContent)
                .map(response -> response.header(HttpHeaders.CACHE_CONTROL, "no-cache").build());
    }

    /** One held request: answered by the first tick after its cursor, or told to go elsewhere. */
    private final class Waiter implements Hub.Member {
        private final long after;
        private final ZoneId zone;
        private final UniEmitter<? super ResponseBuilder<String>> emitter;

        Waiter(long after, ZoneId zone, UniEmitter<? super ResponseBuilder<String>> emitter) {
            this.after = after;
            this.zone = zone;
            this.emitter = emitter;
        }

        @Override
        public void deliver(ClockEvent event) {
            if (event instanceof Tick tick && tick.seq() > after) {
                emitter.complete(ResponseBuilder.ok(json.of(tick, zone)));
            }
        }

        /**
         * The clock ended: this replica is going away. The client asks again, with the same
         * cursor, and reaches another one.
         */
        @Override
        public void end() {
            emitter.complete(ResponseBuilder.<String> noContent().header("Connection", "close"));
        }
    }
}
