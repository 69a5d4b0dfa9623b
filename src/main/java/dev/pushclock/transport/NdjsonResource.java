package dev.pushclock.transport;

import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.BadParameterException;
import dev.pushclock.ops.Problem;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.WireStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
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
    private final FrameCache<Buffer> lines = new FrameCache<>((tick, zone) -> Buffer.buffer(TickJson.of(tick, zone) + "\n"));

    NdjsonResource(ClockFeed feed, WireStats stats) {
        this.feed = feed;
        this.stats = stats;
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
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
        ChunkedStream.pipe(feed.events().map(event -> event instanceof Tick tick ? lines.of(tick, zone) : HEARTBEAT),
                context.response(), written -> stats.chunk(Transport.NDJSON, written.length()));
    }
}
