package dev.pushclock.ops;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.transport.ClockRequest;
import dev.pushclock.transport.Transport;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of every HTTP transport, wherever the request was routed: Vert.x routes are made by
 * {@link #route}, which puts the door in front of their handler, Quarkus REST resources are
 * admitted by {@link AdmissionFilter} once REST has matched them, and the WebSocket upgrade is
 * checked by {@link #upgradeGate} on the very path websockets-next serves. So whatever variant of
 * a path a router accepts, it passes the same checks. The door also counts what each admitted
 * request costs on the wire (its head, and a polled body as one message; a stream's messages are
 * counted as it writes them) and gives its slot back however the request ends: answered, closed,
 * reset or failed.
 */
@ApplicationScoped
public class HttpAdmission {

    private final Admission admission;
    private final WireStats stats;

    HttpAdmission(Admission admission, WireStats stats) {
        this.admission = admission;
        this.stats = stats;
    }

    /**
     * Serves a transport's path with a Vert.x route: a request of a method it takes goes through
     * {@link #gate}, any other is answered 405 naming them, as Quarkus REST's paths are (without
     * this, it would fall through to REST and be told nothing is served there).
     */
    public void route(Router router, Transport transport, BiConsumer<RoutingContext, ClockRequest> open, HttpMethod... methods) {
        Route served = router.route(transport.path());
        for (HttpMethod method : methods) {
            served.method(method);
        }
        served.handler(gate(transport, open));
        String allowed = Arrays.stream(methods).map(HttpMethod::name).collect(Collectors.joining(", "));
        router.route(transport.path()).handler(context -> {
            context.response().putHeader(HttpHeaders.ALLOW, allowed);
            Problem.notAllowed(allowed).send(context.response());
        });
    }

    /** A route handler that admits each request of the transport, then hands it and its parameters on. */
    private Handler<RoutingContext> gate(Transport transport, BiConsumer<RoutingContext, ClockRequest> open) {
        return context -> {
            Admitted admitted;
            try {
                admitted = enter(transport, context);
            } catch (Refused refused) {
                refused.send(context.response());
                return;
            }
            open.accept(context, admitted.request());
        };
    }

    /**
     * Checks the upgrade request of a WebSocket transport before websockets-next sees it: a plain
     * GET gets 426, a bad parameter 400, a page of another site 403, each as a problem document
     * (websockets-next's own upgrade checks can refuse only with a bare status). The connection
     * limit is kept once the socket is open, since browsers cannot read a refused handshake's status.
     */
    public Handler<RoutingContext> upgradeGate(Transport transport) {
        return context -> {
            if (!"websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
                context.response().putHeader(HttpHeaders.UPGRADE, "websocket").putHeader(HttpHeaders.CONNECTION, "Upgrade");
                new Problem("about:blank", "Upgrade Required", 426,
                        transport.path() + " speaks WebSocket only: send an upgrade request", null).send(context.response());
                return;
            }
            try {
                admission.check(transport, context.request());
            } catch (Refused refused) {
                refused.send(context.response());
                return;
            }
            context.next();
        };
    }

    /**
     * Admits a request that Quarkus REST serves or throws {@link Refused}; on admission its checked
     * parameters wait for the resource under {@link ClockRequest#KEY}, and its slot under
     * {@link Slot#KEY}.
     */
    public void admit(Transport transport, RoutingContext context) {
        Admitted admitted = enter(transport, context);
        context.put(ClockRequest.KEY, admitted.request());
        context.put(Slot.KEY, admitted.slot());
    }

    /** A request let in: its checked parameters and the slot it holds. */
    private record Admitted(ClockRequest request, Slot slot) {
    }

    /**
     * Admits a request or throws {@link Refused}. A route's handler is handed what it needs, so
     * nothing is put in the routing context: a held long-poll would keep that map until its answer.
     */
    private Admitted enter(Transport transport, RoutingContext context) {
        HttpServerResponse response = context.response();
        ClockRequest request;
        Slot slot;
        try {
            request = admission.check(transport, context.request());
            slot = admission.open(transport);
        } catch (Refused refused) {
            context.addBodyEndHandler(body -> stats.overhead(transport, Wire.headBytes(response) + response.bytesWritten()));
            throw refused;
        }
        context.addEndHandler(ended -> {
            slot.release();
            count(transport, response, ended.succeeded() && context.request().method() != HttpMethod.HEAD);
        });
        if (response.closed()) {
            // gone before a REST filter got to it: no end handler will ever run for it
            slot.release();
        }
        return new Admitted(request, slot);
    }

    /**
     * Counts a response once it is over, answered or cut off: only then are its headers final (Quarkus
     * REST adds its own as the head goes out, after any headers-end handler of ours has run). Its body
     * is counted only if one was sent: not for a HEAD, whose length Vert.x counts all the same.
     */
    private void count(Transport transport, HttpServerResponse response, boolean bodySent) {
        if (response.headWritten()) {
            stats.overhead(transport, Wire.headBytes(response));
        }
        if (!bodySent) {
            return;
        }
        if (response.isChunked()) {
            stats.overhead(transport, Wire.LAST_CHUNK_BYTES);
        } else if (response.bytesWritten() > 0) {
            if (response.getStatusCode() == 200) {
                stats.message(transport, response.bytesWritten());
            } else {
                stats.overhead(transport, response.bytesWritten());
            }
        }
    }
}
