package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.ops.HttpAdmission;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Long-polling with state semantics: a clock wants the current time, not a backlog, so a client
 * behind the clock gets the current tick at once and a client up to date waits for the next one.
 * The wait is a suspended {@code Uni}, holding no thread: the request joins the hub on its own
 * event loop, which hands it the current tick as it joins and every later one there, so no tick
 * can slip between asking and waiting. A plain Vert.x route, like the streams: through Quarkus REST
 * each answer cost a request context, a response builder and its header maps, and 10,000 clients
 * asking again every second kept the collector busy (bench/TUNING.md).
 */
@ApplicationScoped
public class LongPollRoute {

    private static final Transport LONG_POLL = Transport.LONG_POLL;

    private final ClockFeed feed;
    private final Hub hub;
    private final HttpAdmission admission;
    private final Vertx vertx;
    private final FrameCache<Buffer> json = new FrameCache<>((tick, zone) -> Buffer.buffer(TickJson.of(tick, zone)));

    LongPollRoute(ClockFeed feed, Hub hub, HttpAdmission admission, Vertx vertx) {
        this.feed = feed;
        this.hub = hub;
        this.admission = admission;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        admission.route(router, LONG_POLL, this::hold, HttpMethod.GET, HttpMethod.HEAD);
    }

    private void hold(RoutingContext context, ClockRequest request) {
        long cursor = request.after().orElse(feed.current().seq());
        HttpServerResponse response = context.response();
        Cancellable held = Uni.createFrom().<Answer> emitter(emitter -> {
            Waiter waiter = new Waiter(cursor, request.zone(), emitter);
            Hub.Membership membership = hub.join(waiter);
            if (waiter.answered) {
                // behind the clock: answered as it joined
                membership.leave();
                return;
            }
            // a timer of the request's own loop, not Mutiny's ifNoItem(), whose operators and
            // executor wrappers every held request kept until its answer (bench/TUNING.md)
            long timeout = vertx.setTimer(TimeUnit.SECONDS.toMillis(request.timeoutSeconds()),
                    fired -> emitter.complete(Answer.NO_TICK));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timeout);
                membership.leave();
            });
        }).subscribe().with(answer -> answer.send(response));
        // a client gone before its answer leaves the hub; once answered, this does nothing
        context.addEndHandler(ended -> held.cancel());
    }

    /** How a held request is answered: a tick, nothing yet (204), or go elsewhere (204, connection closed). */
    private record Answer(Buffer tick, boolean close) {
        static final Answer NO_TICK = new Answer(null, false);
        static final Answer GO_ELSEWHERE = new Answer(null, true);
        private static final String JSON = LONG_POLL.contentType() + ";charset=UTF-8";
        /** No handler: Vert.x then writes with Netty's void promise. */
        private static final Handler<AsyncResult<Void>> UNHEARD = null;

        /**
         * Ends the response without asking to hear how its write went: nothing here would act on
         * it, and the future {@code end()} returns is a promise and a listener for every answer
         * (bench/TUNING.md). A failed write goes unseen, as the unread future's failure did; a
         * broken connection still closes, and the end handlers run either way.
         */
        void send(HttpServerResponse response) {
            response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            if (close) {
                response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
            if (tick == null) {
                response.setStatusCode(204).end(UNHEARD);
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(tick, UNHEARD);
            }
        }
    }

    /** One held request: answered by the first tick after its cursor, or told to go elsewhere. */
    private final class Waiter implements Hub.Member {
        private final long after;
        private final ZoneId zone;
        private final UniEmitter<? super Answer> emitter;
        /** Only on the loop. */
        private boolean answered;

        Waiter(long after, ZoneId zone, UniEmitter<? super Answer> emitter) {
            this.after = after;
            this.zone = zone;
            this.emitter = emitter;
        }

        @Override
        public void deliver(ClockEvent event) {
            if (event instanceof Tick tick && tick.seq() > after) {
                answer(new Answer(json.of(tick, zone), false));
            }
        }

        /**
         * The clock ended: this replica is going away. The client asks again, with the same
         * cursor, and reaches another one.
         */
        @Override
        public void end() {
            answer(Answer.GO_ELSEWHERE);
        }

        private void answer(Answer answer) {
            answered = true;
            emitter.complete(answer);
        }
    }
}
