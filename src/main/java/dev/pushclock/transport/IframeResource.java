package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Heartbeat;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.WireStats;
import io.quarkus.vertx.http.Uncompressed;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;

/**
 * The forever frame: one HTML document that never finishes loading, a {@code <script>} per tick
 * calling into the parent page. It ends itself after {@code pushclock.iframe.max-bytes} so the
 * browser can free the document (somewhere in its last quarter, spread at random); the page then
 * opens a fresh one. Quarkus REST writes each item
 * of the {@code Multi} as one chunk, as soon as it is emitted.
 */
@Path("/iframe/clock")
public class IframeResource {

    static final String HTML = "text/html;charset=utf-8";
    private static final TextFrame HEARTBEAT = TextFrame.of("<!-- heartbeat -->\n");
    /** The document is full: the page opens a fresh one at once. */
    private static final TextFrame END_FULL = TextFrame.of("<script>parent.iframeEnd(\"full\")</script>\n</body></html>\n");
    /** This replica is going away: the page comes back after a random delay, so clients do not return in a herd. */
    private static final TextFrame END_SHUTDOWN = TextFrame.of(
            "<script>parent.iframeEnd(\"shutdown\")</script>\n</body></html>\n");

    private final ClockFeed feed;
    private final WireStats stats;
    private final TextFrame head;
    private final int maxBytes;
    private final long maxLagMillis;
    private final FrameCache<TextFrame> scripts = new FrameCache<>((tick, zone) -> TextFrame.of(
            "<script>parent.iframeTick(" + ScriptJson.escape(TickJson.of(tick, zone)) + ")</script>\n"));

    IframeResource(ClockFeed feed, WireStats stats, ClockConfig config) {
        this.feed = feed;
        this.stats = stats;
        this.head = head(config.iframe().padding());
        this.maxBytes = config.iframe().maxBytes();
        this.maxLagMillis = config.slowConsumer().maxLag().toMillis();
    }

    @GET
    @Produces(HTML)
    @Uncompressed
    @ResponseHeader(name = "Cache-Control", value = "no-cache, no-transform")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Content-Security-Policy",
            value = "default-src 'none'; script-src 'unsafe-inline'; frame-ancestors 'self'")
    public Multi<String> stream(@RestQuery String zone, @Context HttpServerResponse response) {
        ZoneId zoneId = QueryParams.zone(zone, feed.defaultZone());
        return Multi.createFrom().deferred(() -> {
            // Each frame ends somewhere in the last quarter of the allowance, so that frames opened
            // together (after a restart, say) do not all end, and reopen, in the same second.
            long allowance = maxBytes - ThreadLocalRandom.current().nextLong(maxBytes / 4 + 1);
            ByteBudget budget = new ByteBudget(allowance - head.bytes());
            Multi<ClockEvent> events = LatestWithin.of(feed.events(), Heartbeat.class::isInstance, maxLagMillis, () -> {
                // not reading at all: let go of the connection and what it holds
                stats.droppedSlow(Transport.IFRAME);
                response.close();
            });
            Multi<TextFrame> body = events.map(event -> chunk(event, zoneId)).select().first(budget::spend);
            return Multi.createBy().concatenating()
                    .streams(Multi.createFrom().item(head), body,
                            Multi.createFrom().item(() -> feed.isOpen() ? END_FULL : END_SHUTDOWN))
                    .invoke(chunk -> stats.chunk(Transport.IFRAME, chunk.bytes()))
                    .map(TextFrame::text);
        });
    }

    private TextFrame chunk(ClockEvent event, ZoneId zone) {
        return event instanceof Tick tick ? scripts.of(tick, zone) : HEARTBEAT;
    }

    /** The doctype and padding: browsers buffer the first KiB of a document before they run anything. */
    private static TextFrame head(int padding) {
        return TextFrame.of("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pushclock forever frame</title>"
                + "</head><body>\n<!--" + " ".repeat(Math.max(padding, 1024)) + "-->\n");
    }

    /** What is left of one stream's byte allowance: the chunk that crosses it is the last one sent. */
    private static final class ByteBudget {
        private long left;

        ByteBudget(long left) {
            this.left = left;
        }

        boolean spend(TextFrame chunk) {
            if (left <= 0) {
                return false;
            }
            left -= chunk.bytes();
            return true;
        }
    }
}
