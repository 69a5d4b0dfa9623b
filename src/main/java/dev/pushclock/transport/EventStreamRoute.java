package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.HttpAdmission;
import dev.pushclock.ops.Wire;
import dev.pushclock.ops.WireStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Server-Sent Events with resume. A returning {@code EventSource} names the last tick it saw and is
 * owed every tick since, rebuilt from their seqs, so it loses nothing across a reconnect to any
 * replica. A plain Vert.x route writing pre-encoded events, one shared chunk per tick and zone,
 * rather than Quarkus REST, which formats each event once per connection (bench/TUNING.md).
 */
@ApplicationScoped
public class EventStreamRoute implements Push.Framing<Chunk> {

    private static final Transport SSE = Transport.SSE;
    private static final Chunk HEARTBEAT = Chunk.of(SSE.heartbeat().orElseThrow());
    /** Reconnect delays are spread over this range so that clients of a restarted server do not all return at once. */
    private static final int RETRY_MIN_MILLIS = 1000;
    private static final int RETRY_SPREAD_MILLIS = 2000;

    private final Pushing pushing;
    private final HttpAdmission admission;
    private final WireStats stats;
    private final FrameCache<Chunk> events = new FrameCache<>((tick, zone) -> Chunk.of(event(tick, zone)));

    EventStreamRoute(Pushing pushing, HttpAdmission admission, WireStats stats) {
        this.pushing = pushing;
        this.admission = admission;
        this.stats = stats;
    }

    void register(@Observes Router router) {
        admission.route(router, SSE, this::open, HttpMethod.GET, HttpMethod.HEAD);
    }

    private void open(RoutingContext context, ClockRequest request) {
        ChunkedSink sink = new ChunkedSink(context.request(), SSE.contentType());
        if (sink.answeredHead()) {
            return;
        }
        Buffer retry = Buffer.buffer("retry: " + (RETRY_MIN_MILLIS + ThreadLocalRandom.current().nextInt(RETRY_SPREAD_MILLIS)) + "\n\n");
        context.response().write(retry);
        stats.overhead(SSE, Wire.chunkBytes(retry.length()));
        Push<Chunk> push = pushing.start(SSE, this, sink, request);
        context.addEndHandler(ended -> push.leave());
    }

    @Override
    public Chunk tick(Tick tick, ZoneId zone) {
        return events.of(tick, zone);
    }

    @Override
    public Chunk gap(long firstAvailable) {
        return Chunk.of("event: gap\ndata: {\"firstAvailable\":" + firstAvailable + "}\n\n");
    }

    @Override
    public Chunk heartbeat() {
        return HEARTBEAT;
    }

    private static String event(Tick tick, ZoneId zone) {
        return "id: " + tick.seq() + "\nevent: tick\ndata: " + TickJson.of(tick, zone) + "\n\n";
    }
}
