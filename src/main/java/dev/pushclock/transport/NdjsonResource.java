package dev.pushclock.transport;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.BadParameterException;
import dev.pushclock.ops.Problem;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.WireStats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Chunked NDJSON: one tick JSON per line, for {@code fetch} and a stream reader, or {@code curl -N}.
 * Like the event stream, a plain Vert.x route writing one shared buffer per tick and zone.
 */
@ApplicationScoped
public class NdjsonResource {

    private static final Buffer HEARTBEAT = Buffer.buffer("{\"type\":\"heartbeat\"}\n");

    private final ClockFeed feed;
    private final WireStats stats;
    private final Duration maxLag;
    private final Fanout<Reader> fanout;
    private final FrameCache<Buffer> lines = new FrameCache<>((tick, zone) -> Buffer.buffer(TickJson.of(tick, zone) + "\n"));

    NdjsonResource(ClockFeed feed, WireStats stats, ClockConfig config, Vertx vertx) {
        this.feed = feed;
        this.stats = stats;
        this.maxLag = config.slowConsumer().maxLag();
        this.fanout = new Fanout<>(Transport.NDJSON.id(), feed, vertx);
    }

    void register(@Observes Router router) {
        router.get(Transport.NDJSON.path()).handler(this::open);
    }

    private void open(RoutingContext context) {
        ZoneId zone;
        try {
            zone = QueryParams.zone(context.queryParams().get("zone"), feed.defaultZone());
        } catch (BadParameterException e) {
            Problem.badParameter(e).send(context.response());
            return;
        }
        Reader reader = new Reader(context.response(), zone);
        reader.send(feed.current());
        Fanout.Membership membership = fanout.add(reader);
        context.response().closeHandler(closed -> membership.leave());
    }

    /** One NDJSON stream and the zone it asked for. */
    private final class Reader extends ChunkedMember {
        private final ZoneId zone;

        Reader(HttpServerResponse response, ZoneId zone) {
            super(response, "application/x-ndjson", HEARTBEAT, Transport.NDJSON, stats, maxLag);
            this.zone = zone;
        }

        @Override
        Buffer render(Tick tick) {
            return lines.of(tick, zone);
        }
    }
}
