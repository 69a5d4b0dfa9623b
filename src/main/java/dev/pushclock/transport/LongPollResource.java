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
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.Transport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * Long-polling with state semantics: a clock wants the current time, not a backlog, so a client
 * behind the clock gets the current tick at once and a client up to date waits for the next one.
 * The wait is a suspended {@code Uni}, holding no thread: the request joins the transport's
 * fan-out on its own event loop and is answered there when the tick comes. Joining and checking
 * the current tick happen in one step on that loop, which the tick's delivery to it follows, so no
 * tick can slip between them.
 */
@Path("/api/clock/next")
public class LongPollResource {

    private final ClockFeed feed;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;
    private final Fanout<Waiter> fanout;
    private final FrameCache<String> json = new FrameCache<>(TickJson::of);

    LongPollResource(ClockFeed feed, ClockConfig config, Vertx vertx) {
        this.feed = feed;
        this.defaultTimeoutSeconds = config.longPoll().defaultTimeout().toSeconds();
        this.maxTimeoutSeconds = config.longPoll().maxTimeout().toSeconds();
        this.fanout = new Fanout<>(Transport.LONG_POLL.id(), feed, vertx);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<String>> next(@RestQuery String after, @RestQuery String timeout, @RestQuery String zone) {
        long cursor = QueryParams.nonNegativeLong("after", after).orElse(feed.current().seq());
        Duration wait = Duration.ofSeconds(
                QueryParams.inRange("timeout", timeout, 1, maxTimeoutSeconds, defaultTimeoutSeconds));
        ZoneId zoneId = QueryParams.zone(zone, feed.defaultZone());
        return Uni.createFrom().<ResponseBuilder<String>> emitter(emitter -> {
            Tick current = feed.current();
            if (current.seq() > cursor) {
                emitter.complete(ResponseBuilder.ok(json.of(current, zoneId)));
                return;
            }
            Fanout.Membership membership = fanout.add(new Waiter(cursor, zoneId, emitter));
            emitter.onTermination(membership::leave);
        })
                .ifNoItem().after(wait).recoverWithItem(() -> ResponseBuilder.<String> noContent())
                .map(response -> response.header(HttpHeaders.CACHE_CONTROL, "no-cache").build());
    }

    /** One held request: answered by the first tick after its cursor, or told to go elsewhere. */
    private final class Waiter implements Fanout.Member {
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
