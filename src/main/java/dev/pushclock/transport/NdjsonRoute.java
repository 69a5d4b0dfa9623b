package dev.pushclock.transport;

import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.HttpAdmission;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Chunked NDJSON: one tick JSON per line, for {@code fetch} and a stream reader, or {@code curl -N}.
 * Like the event stream, a plain Vert.x route writing one shared chunk per tick and zone.
 */
@ApplicationScoped
public class NdjsonRoute implements Push.Framing<Chunk> {

    private static final Transport NDJSON = Transport.NDJSON;
    private static final Chunk HEARTBEAT = Chunk.of(NDJSON.heartbeat().orElseThrow());

    private final Pushing pushing;
    private final HttpAdmission admission;
    private final FrameCache<Chunk> lines = new FrameCache<>((tick, zone) -> Chunk.of(TickJson.of(tick, zone) + "\n"));

    NdjsonRoute(Pushing pushing, HttpAdmission admission) {
        this.pushing = pushing;
        this.admission = admission;
    }

    void register(@Observes Router router) {
        admission.route(router, NDJSON, this::open, HttpMethod.GET, HttpMethod.HEAD);
    }

    private void open(RoutingContext context, ClockRequest request) {
        ChunkedSink sink = new ChunkedSink(context.request(), NDJSON.contentType());
        if (sink.answeredHead()) {
            return;
        }
        Push<Chunk> push = pushing.start(NDJSON, this, sink, request);
        context.addEndHandler(ended -> push.leave());
    }

    @Override
    public Chunk tick(Tick tick, ZoneId zone) {
        return lines.of(tick, zone);
    }

    @Override
    public Chunk gap(long firstAvailable) {
        return Chunk.of("{\"type\":\"gap\",\"firstAvailable\":" + firstAvailable + "}\n");
    }

    @Override
    public Chunk heartbeat() {
        return HEARTBEAT;
    }
}
