package dev.pushclock.transport;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import io.smallrye.mutiny.Multi;

/**
 * The forever frame: one HTML document that never finishes loading, a {@code <script>} per tick
 * calling into the parent page. It ends itself after {@code pushclock.iframe.max-bytes} so the
 * browser can free the document; the page then opens a fresh one.
 */
@Path("/iframe/clock")
public class IframeResource {

    static final String HTML = "text/html;charset=utf-8";
    private static final String HEARTBEAT = "<!-- heartbeat -->\n";
    private static final String END = "<script>parent.iframeEnd()</script>\n</body></html>\n";

    private final ClockFeed feed;
    private final String head;
    private final int maxBytes;
    private final FrameCache scripts = new FrameCache(
            (tick, zone) -> "<script>parent.iframeTick(" + ScriptJson.escape(TickJson.of(tick, zone)) + ")</script>\n");

    IframeResource(ClockFeed feed, ClockConfig config) {
        this.feed = feed;
        this.head = head(config.iframe().padding());
        this.maxBytes = config.iframe().maxBytes();
    }

    @GET
    @Produces(HTML)
    @ResponseHeader(name = "Cache-Control", value = "no-cache, no-transform")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    public Multi<String> stream(@RestQuery String zone) {
        ZoneId zoneId = QueryParams.zone(zone, feed.defaultZone());
        return Multi.createFrom().deferred(() -> {
            ByteBudget budget = new ByteBudget(maxBytes - utf8Length(head));
            Multi<String> body = feed.events().map(event -> chunk(event, zoneId)).select().first(budget::spend);
            return Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(head), body, Multi.createFrom().item(END));
        });
    }

    private String chunk(ClockEvent event, ZoneId zone) {
        return event instanceof Tick tick ? scripts.of(tick, zone) : HEARTBEAT;
    }

    private static String head(int padding) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pushclock forever frame</title>"
                + "</head><body>\n<!--" + " ".repeat(Math.max(padding, 1024)) + "-->\n";
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** What is left of one stream's byte allowance: the chunk that crosses it is the last one sent. */
    private static final class ByteBudget {
        private long left;

        ByteBudget(long left) {
            this.left = left;
        }

        boolean spend(String chunk) {
            if (left <= 0) {
                return false;
            }
            left -= utf8Length(chunk);
            return true;
        }
    }
}
