package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;

import org.jboss.resteasy.reactive.ResponseHeader;

import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.Slot;
import io.quarkus.vertx.http.Uncompressed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The forever frame: one HTML document that never finishes loading, a {@code <script>} per tick
 * calling into the parent page. A Quarkus REST {@code Multi<String>} whose items are the chunks,
 * fed by the hub on the request's own event loop. It ends itself somewhere in the last quarter of
 * {@code pushclock.iframe.max-bytes}, spread at random so that frames opened together do not all
 * reopen together, letting the browser free the document; the page then opens a fresh one.
 */
@Path(Transport.Paths.IFRAME)
@Serves(Transport.IFRAME)
public class IframeResource implements Push.Framing<TextFrame> {

    private static final TextFrame HEARTBEAT = TextFrame.of(Transport.IFRAME.heartbeat().orElseThrow());

    private final Pushing pushing;
    private final TextFrame head;
    private final int maxBytes;
    private final FrameCache<TextFrame> scripts = new FrameCache<>((tick, zone) -> TextFrame.of("<script>parent.iframeTick("
            + ScriptJson.escape(TickJson.of(tick, zone)) + ")</script>\n"));

    IframeResource(Pushing pushing, TransportConfig config) {
        this.pushing = pushing;
        this.head = TextFrame.of(head(config.iframe().padding()));
        this.maxBytes = config.iframe().maxBytes();
    }

    @GET
    @Produces(Transport.MediaTypes.IFRAME)
    @Uncompressed
    @ResponseHeader(name = "Cache-Control", value = "no-cache, no-transform")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Content-Security-Policy", value = "default-src 'none'; script-src 'unsafe-inline'; frame-ancestors 'self'")
    public Multi<String> stream(@Context RoutingContext context) {
        if (context.request().method() == HttpMethod.HEAD) {
            // told what its GET would be told, and ended; a stream would run into nothing, holding
            // its slot and the keep-alive connection's next request until the client closed
            return Multi.createFrom().empty();
        }
        ClockRequest request = context.get(ClockRequest.KEY);
        Slot slot = context.get(Slot.KEY);
        long allowance = maxBytes - ThreadLocalRandom.current().nextLong(maxBytes / 4 + 1);
        return Multi.createFrom().emitter(emitter -> {
            Push<TextFrame> push = pushing.start(Transport.IFRAME, this, new FrameSink(emitter, context.request(), head, allowance),
                    request);
            emitter.onTermination(() -> {
                push.leave();
                // Quarkus REST may not end the routing context of a stream whose client reset it
                slot.release();
            });
        }, BackPressureStrategy.BUFFER);
    }

    @Override
    public TextFrame tick(Tick tick, ZoneId zone) {
        return scripts.of(tick, zone);
    }

    @Override
    public TextFrame gap(long firstAvailable) {
        return TextFrame.of("<script>parent.iframeGap({\"firstAvailable\":" + firstAvailable + "})</script>\n");
    }

    @Override
    public TextFrame heartbeat() {
        return HEARTBEAT;
    }

    /** The doctype and padding: browsers buffer the first KiB of a document before they run anything. */
    private static String head(int padding) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pushclock forever frame</title>"
                + "</head><body>\n<!--" + " ".repeat(padding) + "-->\n";
    }
}
