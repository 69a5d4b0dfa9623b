package dev.pushclock.transport;

import java.time.Duration;
import java.time.ZoneId;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Resume;
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
 * Server-Sent Events with resume. A returning {@code EventSource} names the last tick it saw and is
 * owed every tick since, rebuilt from their seqs, so it loses nothing across a reconnect to any
 * replica. Served as a plain Vert.x route writing pre-encoded events, one shared buffer per tick
 * and zone, rather than through Quarkus REST, which formats each event once per connection.
 */
@ApplicationScoped
public class EventStreamResource {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
    /** Reconnect delays are spread over this range so that clients of a restarted server do not all return at once. */
    private static final int RETRY_MIN_MILLIS = 1000;
    private static final int RETRY_SPREAD_MILLIS = 2000;

    private final ClockFeed feed;
    private final WireStats stats;
    private final int windowSize;
    private final Duration maxLag;
    private final Fanout<Subscriber> fanout;
    private final FrameCache<Buffer> ticks = new FrameCache<>((tick, zone) -> Buffer.buffer(event(tick, zone)));

    EventStreamResource(ClockFeed feed, WireStats stats, ClockConfig config, Vertx vertx) {
        this.feed = feed;
        this.stats = stats;
        this.windowSize = config.historySize();
        this.maxLag = config.slowConsumer().maxLag();
        this.fanout = new Fanout<>(Transport.SSE.id(), feed, vertx);
    }

    void register(@Observes Router router) {
        router.get(Transport.SSE.path()).handler(this::open);
    }

    private void open(RoutingContext context) {
        ZoneId zone;
        OptionalLong lastSeen;
        try {
            zone = QueryParams.zone(context.queryParams().get("zone"), feed.defaultZone());
            lastSeen = lastEventId(context);
        } catch (BadParameterException e) {
            Problem.badParameter(e).send(context.response());
            return;
        }
        Subscriber subscriber = new Subscriber(context.response(), zone);
        subscriber.write(Buffer.buffer("retry: " + (RETRY_MIN_MILLIS + ThreadLocalRandom.current().nextInt(RETRY_SPREAD_MILLIS))
                + "\n\n"));
        subscriber.resume(lastSeen, feed.current());
        Fanout.Membership membership = fanout.add(subscriber);
        context.response().closeHandler(closed -> membership.leave());
    }

    /** The header wins over the query parameter, which is for clients that cannot set headers. */
    private OptionalLong lastEventId(RoutingContext context) {
        String header = context.request().getHeader(LAST_EVENT_ID);
        OptionalLong lastSeen = header != null
                ? QueryParams.nonNegativeLong(LAST_EVENT_ID, header)
                : QueryParams.nonNegativeLong("lastEventId", context.queryParams().get("lastEventId"));
        long newest = feed.current().seq() + 1;
        if (lastSeen.isPresent() && lastSeen.getAsLong() > newest) {
            throw new BadParameterException(header != null ? LAST_EVENT_ID : "lastEventId",
                    "must not be ahead of this server's clock (its newest tick is " + (newest - 1) + ")");
        }
        return lastSeen;
    }

    private static String event(Tick tick, ZoneId zone) {
        return "id: " + tick.seq() + "\nevent: tick\ndata: " + TickJson.of(tick, zone) + "\n\n";
    }

    /** One event stream: where its client is in the clock, and the zone it asked for. */
    private final class Subscriber extends ChunkedMember {
        private final ZoneId zone;

        Subscriber(HttpServerResponse response, ZoneId zone) {
            super(response, "text/event-stream;charset=utf-8", HEARTBEAT, Transport.SSE, stats, maxLag);
            this.zone = zone;
        }

        /**
         * Without an id, the current tick; with one, every tick after it that the window still
         * holds, after a gap notice if some has left it.
         */
        void resume(OptionalLong lastSeen, Tick current) {
            if (lastSeen.isEmpty()) {
                send(current);
                return;
            }
            Resume resume = Resume.after(lastSeen.getAsLong(), current.seq(), windowSize);
            resume.firstAvailable().ifPresent(first -> write(
                    Buffer.buffer("event: gap\ndata: {\"firstAvailable\":" + first + "}\n\n")));
            for (long seq = resume.from(); seq < resume.to(); seq++) {
                write(Buffer.buffer(event(feed.period().tick(seq), zone)));
            }
            if (resume.count() > 0) {
                send(current);
            } else {
                sentUpTo(lastSeen.getAsLong());
            }
        }

        @Override
        Buffer render(Tick tick) {
            return ticks.of(tick, zone);
        }
    }
}
