package dev.pushclock.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * Opens N clients of one transport against a server and measures what they receive: connected and
 * failed clients, ticks, missed ticks ({@code seq} gaps, and ticks that never came), delivery lag
 * (receive time minus the tick's {@code epochMillis}) and the server's RSS and CPU from
 * {@code /proc}, summed over its processes. It speaks only the HTTP contract, so it measures
 * pushclock and the baselines (Express, Nchan) alike.
 *
 * <pre>
 * java -cp … dev.pushclock.bench.LoadGenerator --transport websocket --clients 10000 \
 *     --url http://127.0.0.1:8080 --pid 12345 --ramp 10 --warmup 5 --measure 20 [--linger 30]
 * </pre>
 *
 * Prints one JSON object on standard output, and on standard error the first few times a client
 * missed ticks.
 */
public final class LoadGenerator {

    /** What to run. Durations in seconds. */
    public record Options(String transport, int clients, URI server, long serverPid, int rampSeconds,
            int warmupSeconds, int measureSeconds, int eventLoops, int lingerSeconds) {

        static Options parse(String[] args) {
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                named.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(named.getOrDefault("transport", "websocket"),
                    Integer.parseInt(named.getOrDefault("clients", "100")),
                    URI.create(named.getOrDefault("url", "http://127.0.0.1:8080")),
                    Long.parseLong(named.getOrDefault("pid", "0")),
                    Integer.parseInt(named.getOrDefault("ramp", "5")),
                    Integer.parseInt(named.getOrDefault("warmup", "3")),
                    Integer.parseInt(named.getOrDefault("measure", "10")),
                    Integer.parseInt(named.getOrDefault("event-loops", "2")),
                    Integer.parseInt(named.getOrDefault("linger", "0")));
        }
    }

    /** What one run measured. Lags in milliseconds, memory in KiB, CPU as a share of one core. */
    public record Result(String transport, int clients, int connected, int failed, int dropped,
            long ticks, long missed, long lagP50, long lagP99, long lagMax, long lagMin,
            long rssKib, long peakRssKib, long pssKib, double cpuCores, long openFiles, double generatorCpuCores) {

        public JsonObject json() {
            return JsonObject.mapFrom(this);
        }
    }

    /** One client's view of the clock. */
    private static final class Client {
        /** Which of the generator's connection pools it asks through. */
        final int pool;
        long lastSeq = -1;
        boolean open;
        /** The forever frame said it is full: it ends, and is opened again. */
        boolean full;
        Buffer partial;
        /** Nchan's cursor for a long-poll: the message id of its last answer, as its validators. */
        String lastModified;
        String etag;

        Client(int pool) {
            this.pool = pool;
        }
    }

    /**
     * Clients per HTTP connection pool, for the streams (long-polls have their own connections).
     * Vert.x 4.5's pool picks a connection for each request by scanning every connection it holds
     * (its LIFO selector), under one lock: with one pool of 10,000 connections, the long-polls,
     * when they asked through it, scanned 10^8 connections a second, and the generator, not the
     * server, was what the run measured; opening 10,000 streams through one would scan as many.
     */
    private static final int CLIENTS_PER_POOL = 100;

    private final Options options;
    private final Vertx vertx;
    private final List<Client> clients = new ArrayList<>();
    private final LagHistogram lags = new LagHistogram();
    private final LongAdder ticks = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger gapsReported = new AtomicInteger();
    private volatile boolean measuring;
    private volatile boolean stopping;
    private volatile long periodMillis;

    private LoadGenerator(Options options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()).setPreferNativeTransport(true));
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        System.out.println(result.json().encode());
        System.exit(0);
    }

    public static Result run(Options options) throws Exception {
        // The test classpath's slf4j binding leaves Netty's trace logging on: per frame, that costs
        // more than the frame. Plain java.util.logging logs nothing below INFO.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        LoadGenerator generator = new LoadGenerator(options);
        try {
            return generator.measure();
        } finally {
            generator.stopping = true;
            generator.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private Result measure() throws Exception {
        ServerProcess server = options.serverPid() > 0 ? new ServerProcess(options.serverPid()) : null;
        open();
        sleep(Duration.ofSeconds(options.warmupSeconds()));
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
        long cpuBefore = server == null ? 0 : server.cpuMillis();
        long selfBefore = self.cpuMillis();
        long startedAt = System.currentTimeMillis();
        measuring = true;
        sleep(Duration.ofSeconds(options.measureSeconds()));
        measuring = false;
        long endedAt = System.currentTimeMillis();
        long cpuUsed = server == null ? 0 : server.cpuMillis() - cpuBefore;
        long selfUsed = self.cpuMillis() - selfBefore;
        countTicksThatNeverCame(endedAt);
        Result result = new Result(options.transport(), options.clients(), connected.get(), failed.get(), dropped.get(),
                ticks.sum(), missed.sum(), lags.percentile(0.50), lags.percentile(0.99), lags.max(), lags.min(),
                server == null ? -1 : server.rssKib(), server == null ? -1 : server.peakRssKib(),
                server == null ? -1 : server.pssKib(),
                server == null ? -1 : cpuUsed / (double) (endedAt - startedAt),
                server == null ? -1 : server.openFiles(), selfUsed / (double) (endedAt - startedAt));
        // Clients stay open a while after the window, so that closing them cannot disturb the
        // window of another generator beside this one.
        sleep(Duration.ofSeconds(options.lingerSeconds()));
        return result;
    }

    /** Opens the clients at an even pace over the ramp, then waits until each has answered or failed. */
    private void open() throws Exception {
        CountDownLatch settled = new CountDownLatch(options.clients());
        Opener opener = switch (options.transport()) {
            case "websocket" -> webSockets();
            case "sse" -> streams("/api/clock/events", "text/event-stream");
            case "ndjson" -> streams("/api/clock/stream", "application/x-ndjson");
            case "iframe" -> streams("/iframe/clock", "text/html");
            case "long-poll" -> longPolls();
            default -> throw new IllegalArgumentException("unknown transport " + options.transport()
                    + ": websocket, sse, ndjson, iframe or long-poll (polling is measured with wrk)");
        };
        long rampMillis = Math.max(1, options.rampSeconds() * 1000L);
        long started = System.currentTimeMillis();
        for (int i = 0; i < options.clients(); i++) {
            long due = started + rampMillis * i / options.clients();
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            Client client = new Client(i / CLIENTS_PER_POOL);
            clients.add(client);
            vertx.runOnContext(go -> opener.open(client, settled));
        }
        if (!settled.await(options.rampSeconds() + 60L, TimeUnit.SECONDS)) {
            System.err.println("not every client connected or failed within the ramp and a minute");
        }
    }

    @FunctionalInterface
    private interface Opener {
        void open(Client client, CountDownLatch settled);
    }

    private Opener webSockets() {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(options.clients())
                .setTryUsePerMessageCompression(false)
                .setConnectTimeout(60_000));
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setHost(options.server().getHost()).setPort(options.server().getPort()).setURI("/ws/clock");
        return (state, settled) -> client.connect(connect).onComplete(opened -> {
            if (opened.succeeded()) {
                state.open = true;
                connected.incrementAndGet();
                opened.result().handler(payload -> received(state, payload, 0, payload.length(), System.currentTimeMillis()));
                opened.result().closeHandler(closed -> lost(state));
                opened.result().exceptionHandler(error -> lost(state));
            } else {
                failed.incrementAndGet();
            }
            settled.countDown();
        });
    }

    /** One HTTP client per {@link #CLIENTS_PER_POOL} clients: a client asks through {@code pools[client.pool]}. */
    private HttpClient[] httpClients() {
        HttpClient[] pools = new HttpClient[(options.clients() + CLIENTS_PER_POOL - 1) / CLIENTS_PER_POOL];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = vertx.createHttpClient(new HttpClientOptions()
                            .setKeepAlive(true)
                            .setConnectTimeout(60_000)
                            .setIdleTimeout(0),
                    new PoolOptions().setHttp1MaxSize(CLIENTS_PER_POOL).setMaxWaitQueueSize(-1));
        }
        return pools;
    }

    /**
     * A streaming response read line by line: SSE, NDJSON and the forever frame all put a tick on
     * one line. A forever frame that ends because it is full is opened again at once, as the page
     * does; any other end counts as a dropped client.
     */
    private Opener streams(String path, String accept) {
        HttpClient[] pools = httpClients();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(options.server().getHost()).setPort(options.server().getPort())
                .setURI(path).addHeader("Accept", accept);
        return new Opener() {
            @Override
            public void open(Client state, CountDownLatch settled) {
                pools[state.pool].request(request)
                        .compose(ask -> ask.send())
                        .onComplete(answer -> {
                            if (answer.succeeded() && answer.result().statusCode() == 200) {
                                if (settled != null) {
                                    state.open = true;
                                    connected.incrementAndGet();
                                }
                                answer.result().handler(chunk -> lines(state, chunk, System.currentTimeMillis()));
                                answer.result().endHandler(end -> {
                                    if (state.full && !stopping) {
                                        state.full = false;
                                        open(state, null);
                                    } else {
                                        lost(state);
                                    }
                                });
                                answer.result().exceptionHandler(error -> lost(state));
                            } else if (settled != null) {
                                failed.incrementAndGet();
                            } else {
                                lost(state);
                            }
                            if (settled != null) {
                                settled.countDown();
                            }
                        });
            }
        };
    }

    /**
     * Each client asks for the tick after the last one it has, and asks again as soon as it gets it,
     * over its own keep-alive connection. The cursor goes as pushclock's {@code after}, and, where
     * the answer carried validators (Nchan's long-poll names its messages by them), as
     * {@code If-Modified-Since} and {@code If-None-Match}. Plain Netty on the generator's own event
     * loops, with the request written as text and the answer read by {@link ResponseReader}: through
     * Vert.x's HTTP client each answer cost the generator more CPU than the floor spends serving it.
     */
    private Opener longPolls() {
        Bootstrap bootstrap = new Bootstrap().group(vertx.nettyEventLoopGroup())
                .channel(vertx.isNativeTransportEnabled() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(options.server().getHost(), options.server().getPort());
        String host = "Host: " + options.server().getHost() + ":" + options.server().getPort() + "\r\n";
        return new Opener() {
            @Override
            public void open(Client state, CountDownLatch settled) {
                if (stopping) {
                    return;
                }
                bootstrap.clone().handler(new LongPoll(state, settled)).connect().addListener(opened -> {
                    if (opened.isSuccess()) {
                        return;
                    }
                    if (settled != null) {
                        failed.incrementAndGet();
                        settled.countDown();
                    } else {
                        lost(state);
                    }
                });
            }

            /** One client's connection: asks, reads the answer, asks again. */
            final class LongPoll extends ChannelInboundHandlerAdapter {
                private final Client state;
                private final ResponseReader reader = new ResponseReader();
                /** Counted down at the first answer or failure; then null. */
                private CountDownLatch settled;
                /** The server said it would close: opened again, not counted as lost. */
                private boolean toldToClose;

                LongPoll(Client state, CountDownLatch settled) {
                    this.state = state;
                    this.settled = settled;
                }

                @Override
                public void channelActive(ChannelHandlerContext context) {
                    ask(context);
                }

                private void ask(ChannelHandlerContext context) {
                    if (stopping) {
                        context.close();
                        return;
                    }
                    StringBuilder request = new StringBuilder(160).append("GET /api/clock/next?timeout=60");
                    if (state.lastSeq >= 0) {
                        request.append("&after=").append(state.lastSeq);
                    }
                    request.append(" HTTP/1.1\r\n").append(host);
                    if (state.lastModified != null) {
                        request.append("If-Modified-Since: ").append(state.lastModified).append("\r\n");
                    }
                    if (state.etag != null) {
                        request.append("If-None-Match: ").append(state.etag).append("\r\n");
                    }
                    request.append("\r\n");
                    context.writeAndFlush(ByteBufUtil.writeAscii(context.alloc(), request), context.voidPromise());
                }

                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    long receivedAt = System.currentTimeMillis();
                    try {
                        reader.read((ByteBuf) message, answer -> answered(context, answer, receivedAt));
                    } catch (ResponseReader.Malformed e) {
                        System.err.println("long-poll: " + e.getMessage());
                        context.close();
                    }
                }

                private void answered(ChannelHandlerContext context, ResponseReader.Response answer, long receivedAt) {
                    if (toldToClose) {
                        return;
                    }
                    if (answer.status() == 200) {
                        received(state, Buffer.buffer(answer.body()), 0, answer.body().length, receivedAt);
                        state.lastModified = answer.lastModified();
                        state.etag = answer.etag();
                    }
                    if (settled != null) {
                        if (answer.status() == 200) {
                            state.open = true;
                            connected.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        settled.countDown();
                        settled = null;
                    }
                    if (answer.close()) {
                        toldToClose = true;
                        context.close();
                    } else {
                        ask(context);
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext context) {
                    reader.release();
                    if (settled != null) {
                        failed.incrementAndGet();
                        settled.countDown();
                        return;
                    }
                    if (stopping) {
                        return;
                    }
                    if (toldToClose) {
                        open(state, null);
                    } else if (state.open) {
                        // counted as dropped, and opened again once, as Vert.x's pool would have
                        lost(state);
                        open(state, null);
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                    context.close();
                }
            }
        };
    }

    /** Splits a stream into lines without decoding it: a tick's fields are ASCII. */
    private void lines(Client state, Buffer chunk, long receivedAt) {
        Buffer data = state.partial == null ? chunk : state.partial.appendBuffer(chunk);
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            if (data.getByte(i) == '\n') {
                received(state, data, start, i, receivedAt);
                if (indexOf(data, start, i, FULL) >= 0) {
                    state.full = true;
                }
                start = i + 1;
            }
        }
        state.partial = start == data.length() ? null : data.getBuffer(start, data.length());
    }

    /** Finds a tick between {@code from} and {@code to}, if there is one, and counts it. */
    private void received(Client state, Buffer data, int from, int to, long receivedAt) {
        long seq = number(data, from, to, SEQ);
        long epochMillis = number(data, from, to, EPOCH_MILLIS);
        if (seq < 0 || epochMillis < 0) {
            return;
        }
        if (periodMillis == 0 && seq > 0) {
            periodMillis = epochMillis / seq;
        }
        synchronized (state) {
            if (seq <= state.lastSeq) {
                return;
            }
            if (measuring) {
                if (state.lastSeq >= 0 && seq > state.lastSeq + 1) {
                    missed.add(seq - state.lastSeq - 1);
                    gap(state.lastSeq, seq, receivedAt);
                }
                ticks.increment();
                lags.record(receivedAt - epochMillis);
            }
            state.lastSeq = seq;
        }
    }

    /** Says on standard error when a client missed ticks (the first few times), to find out why. */
    private void gap(long had, long got, long at) {
        if (gapsReported.incrementAndGet() <= 10) {
            System.err.printf("%s: a client had seq %d, then %d at %s%n", options.transport(), had, got,
                    java.time.Instant.ofEpochMilli(at));
        }
    }

    private void lost(Client state) {
        if (state.open && !stopping) {
            state.open = false;
            dropped.incrementAndGet();
        }
    }

    /** Ticks a client should have had by the end (all but one still in flight) and never got. */
    private void countTicksThatNeverCame(long endedAt) {
        if (periodMillis == 0) {
            return;
        }
        long due = Math.floorDiv(endedAt, periodMillis) - 1;
        for (Client client : clients) {
            synchronized (client) {
                if (client.lastSeq >= 0 && client.lastSeq < due) {
                    missed.add(due - client.lastSeq);
                    gap(client.lastSeq, due + 1, endedAt);
                }
            }
        }
    }

    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    /** How the forever frame says it is full and will be reopened. */
    private static final byte[] FULL = "iframeEnd(\"full\")".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EPOCH_MILLIS = "\"epochMillis\":".getBytes(StandardCharsets.US_ASCII);

    /** The digits after {@code field} in bytes {@code from} to {@code to}, or -1. */
    private static long number(Buffer data, int from, int to, byte[] field) {
        int at = indexOf(data, from, to, field);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at + field.length; i < to; i++, digits++) {
            byte b = data.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return digits == 0 ? -1 : value;
    }

    /** Where {@code pattern} starts between {@code from} and {@code to}, or -1. */
    private static int indexOf(Buffer data, int from, int to, byte[] pattern) {
        outer:
        for (int at = from; at + pattern.length <= to; at++) {
            for (int k = 0; k < pattern.length; k++) {
                if (data.getByte(at + k) != pattern[k]) {
                    continue outer;
                }
            }
            return at;
        }
        return -1;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
