package dev.pushclock.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The loopback floor: the least any server of pushclock's contract can do to push a tick to N clients
 * on this machine. It speaks just enough of the contract for the load generator (the WebSocket at
 * {@code /ws/clock}, SSE at {@code /api/clock/events}, NDJSON at {@code /api/clock/stream}, the
 * long-poll at {@code /api/clock/next}, and one tick at {@code /api/clock} for a readiness check) and,
 * at every second boundary, writes each client one frame, rendered once for all, from two threads (one
 * per core), with nothing between it and the write system call: no framework, no queue, no state per
 * client but its socket. A long-poll's frame is a whole keep-alive response; its connection is read
 * again for the next request, answered at once when its {@code after} is behind the last tick and
 * held for the next boundary otherwise, as pushclock answers it. What is left of a
 * tick's lag is the kernel's and the load generator's, so bench/run.sh runs it as the server
 * {@code floor} beside the others, and each transport's lag is compared with its floor measured in the
 * same run by the same generator. Loopback only; after a request's headers it reads nothing but a
 * long-poll's next request.
 *
 * <pre>java -cp target/test-classes dev.pushclock.bench.LoopbackFloor 18084</pre>
 */
public final class LoopbackFloor {

    private static final long PERIOD_MILLIS = 1000;
    private static final int WRITERS = 2;
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What a client asked for, by the path of its request. */
    enum Kind {
        WEBSOCKET, SSE, NDJSON, LONG_POLL
    }

    /** The clients answered so far, by what they receive. */
    private final Map<Kind, List<SocketChannel>> clients = new EnumMap<>(Kind.class);
    /**
     * The last tick written, and the long-polls it answered; both change together under the lock of
     * the long-polls' list, so a request either sees a tick or is held for the next one, never neither.
     */
    private long lastSeq = System.currentTimeMillis() / PERIOD_MILLIS;
    /**
     * Held while a tick is written, and while the reading thread handles what it read: the two never
     * overlap, so the writes have both cores, as an event-loop server's writes have its loop until
     * they are done. Without it the long-polls' next requests, read while the tick was still being
     * written, took CPU from the writes (p50 about 10 ms higher at 10,000 long-polls, bench/TUNING.md).
     */
    private final Object burst = new Object();
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, task -> {
        Thread thread = new Thread(task, "writer");
        thread.setDaemon(true);
        return thread;
    });

    private LoopbackFloor() {
        for (Kind kind : Kind.values()) {
            clients.put(kind, new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        start(Integer.parseInt(args[0]));
        Thread.currentThread().join();
    }

    /** Listens on a loopback port (0: any free one, which the returned port names) and ticks until the process ends. */
    static int start(int port) throws IOException {
        LoopbackFloor floor = new LoopbackFloor();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        daemon("acceptor", () -> floor.accept(server));
        daemon("tick", floor::tick);
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Accepts clients and answers each one's request, on one thread, until the process ends. */
    private void accept(ServerSocketChannel server) {
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                selector.select();
                synchronized (burst) {
                    handle(server, selector);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one wake-up of the selector found: new clients to accept, requests to read. */
    private void handle(ServerSocketChannel server, Selector selector) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                // a long-poll whose answer failed while this thread waited for the tick: closed already
                continue;
            }
            if (key.isAcceptable()) {
                SocketChannel client = server.accept();
                if (client != null) {
                    client.configureBlocking(false);
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
                }
            } else if (key.isReadable()) {
                read(key);
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(SelectionKey key) {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer request = (ByteBuffer) key.attachment();
        try {
            if (client.read(request) < 0 || !request.hasRemaining()) {
                key.cancel();
                client.close();
                return;
            }
            String head = new String(request.array(), 0, request.position(), StandardCharsets.ISO_8859_1);
            if (head.contains("\r\n\r\n")) {
                request.clear();
                if (!answer(client, head)) {
                    key.cancel();
                }
            }
        } catch (IOException e) {
            key.cancel();
            closeQuietly(client);
        }
    }

    /**
     * Answers a request's head: a stream or socket joins its clients, a long-poll is answered or held
     * and stays to be read again (true), anything else is answered and closed.
     */
    private boolean answer(SocketChannel client, String head) throws IOException {
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        String target = requestLine.length == 3 ? requestLine[1] : "";
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Kind kind = switch (path) {
            case "/ws/clock" -> Kind.WEBSOCKET;
            case "/api/clock/events" -> Kind.SSE;
            case "/api/clock/stream" -> Kind.NDJSON;
            case "/api/clock/next" -> Kind.LONG_POLL;
            default -> null;
        };
        if (kind == Kind.LONG_POLL) {
            return longPoll(client, after(target));
        }
        String response = switch (path) {
            case "/ws/clock" -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(header(head, "sec-websocket-key")) + "\r\n\r\n";
            case "/api/clock/events" -> "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            case "/api/clock/stream" -> "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
            case "/api/clock" -> {
                String tick = json(System.currentTimeMillis() / PERIOD_MILLIS);
                yield "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + tick.length()
                        + "\r\nConnection: close\r\n\r\n" + tick;
            }
            default -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        };
        ByteBuffer bytes = ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1));
        if (client.write(bytes) < bytes.limit() || kind == null) {
            client.close();
            return false;
        }
        List<SocketChannel> theirs = clients.get(kind);
        synchronized (theirs) {
            theirs.add(client);
        }
        return false;
    }

    /** A long-poll whose cursor is behind the last tick gets it now; any other waits for the next boundary. */
    private boolean longPoll(SocketChannel client, long after) throws IOException {
        List<SocketChannel> held = clients.get(Kind.LONG_POLL);
        long now;
        synchronized (held) {
            if (after >= lastSeq) {
                held.add(client);
                return true;
            }
            now = lastSeq;
        }
        ByteBuffer answer = ByteBuffer.wrap(frame(Kind.LONG_POLL, now));
        if (client.write(answer) < answer.limit()) {
            client.close();
            return false;
        }
        return true;
    }

    /** A long-poll's {@code after}; with none, or one that is not a number, it waits for the next tick. */
    static long after(String target) {
        int at = target.indexOf("after=");
        if (at < 0 || (target.charAt(at - 1) != '?' && target.charAt(at - 1) != '&')) {
            return Long.MAX_VALUE;
        }
        int end = target.indexOf('&', at);
        try {
            return Long.parseLong(target.substring(at + "after=".length(), end < 0 ? target.length() : end));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** At every boundary, each client's frame; a client whose write fails or falls short is closed and dropped. */
    private void tick() {
        try {
            tickUntilInterrupted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void tickUntilInterrupted() throws InterruptedException, ExecutionException {
        long boundary = (System.currentTimeMillis() / PERIOD_MILLIS + 1) * PERIOD_MILLIS;
        while (true) {
            for (long now = System.currentTimeMillis(); now < boundary; now = System.currentTimeMillis()) {
                Thread.sleep(boundary - now);
            }
            synchronized (burst) {
                writeTick(boundary / PERIOD_MILLIS);
            }
            boundary += PERIOD_MILLIS;
        }
    }

    /** One tick to every client, by the writer threads. */
    private void writeTick(long seq) throws InterruptedException, ExecutionException {
        List<Callable<Void>> writes = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            byte[] frame = frame(kind, seq);
            List<SocketChannel> theirs = clients.get(kind);
            SocketChannel[] snapshot;
            synchronized (theirs) {
                snapshot = theirs.toArray(SocketChannel[]::new);
                if (kind == Kind.LONG_POLL) {
                    lastSeq = seq;
                    theirs.clear();
                }
            }
            for (int writer = 0; writer < WRITERS; writer++) {
                int first = writer;
                writes.add(() -> drop(theirs, write(frame, snapshot, first)));
            }
        }
        for (var written : writers.invokeAll(writes)) {
            written.get();
        }
    }

    /** Closes the clients a write failed, and takes them out of their list. */
    private static Void drop(List<SocketChannel> theirs, List<SocketChannel> failed) {
        if (!failed.isEmpty()) {
            failed.forEach(LoopbackFloor::closeQuietly);
            synchronized (theirs) {
                theirs.removeAll(new HashSet<>(failed));
            }
        }
        return null;
    }

    /** Writes the frame to every {@link #WRITERS}th client from {@code first}; returns those it could not. */
    private static List<SocketChannel> write(byte[] frame, SocketChannel[] clients, int first) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(frame.length).put(frame);
        List<SocketChannel> failed = new ArrayList<>();
        for (int i = first; i < clients.length; i += WRITERS) {
            buffer.rewind();
            try {
                if (clients[i].write(buffer) < frame.length) {
                    failed.add(clients[i]);
                }
            } catch (IOException e) {
                failed.add(clients[i]);
            }
        }
        return failed;
    }

    /** One tick as its transport frames it, exactly as pushclock renders it for zone UTC. */
    static byte[] frame(Kind kind, long seq) {
        return switch (kind) {
            case WEBSOCKET -> {
                byte[] text = ("{\"type\":\"tick\"," + json(seq).substring(1)).getBytes(StandardCharsets.UTF_8);
                ByteBuffer frame = ByteBuffer.allocate(text.length + 4).put((byte) 0x81);
                if (text.length < 126) {
                    frame.put((byte) text.length);
                } else {
                    frame.put((byte) 126).putShort((short) text.length);
                }
                frame.put(text);
                byte[] bytes = new byte[frame.position()];
                frame.flip().get(bytes);
                yield bytes;
            }
            case SSE -> chunk("id: " + seq + "\nevent: tick\ndata: " + json(seq) + "\n\n");
            case NDJSON -> chunk(json(seq) + "\n");
            case LONG_POLL -> {
                String json = json(seq);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length();
                yield (head + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    static String json(long seq) {
        long epochMillis = seq * PERIOD_MILLIS;
        String iso = Instant.ofEpochMilli(epochMillis).toString();
        return "{\"seq\":" + seq + ",\"epochMillis\":" + epochMillis + ",\"iso\":\"" + iso + "\",\"time\":\""
                + iso.substring(11, 19) + "\",\"zone\":\"UTC\"}";
    }

    private static byte[] chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return (Integer.toHexString(bytes.length) + "\r\n" + data + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A request header's value, its name matched without regard to case; empty if absent. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
