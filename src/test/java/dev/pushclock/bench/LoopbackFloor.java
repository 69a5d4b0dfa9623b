package dev.pushclock.bench;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine's kernel alone charges for a push: one small write to each of N loopback TCP
 * sockets, by one and by two threads, with nothing above the syscall. No server can deliver a tick
 * to N clients faster than this; bench/TUNING.md compares it with the lag targets.
 *
 * <pre>java -cp target/test-classes dev.pushclock.bench.LoopbackFloor 9000</pre>
 */
public final class LoopbackFloor {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "9000");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0), n);
            List<SocketChannel> clients = new ArrayList<>();
            List<SocketChannel> served = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(SocketChannel.open(server.getLocalAddress()));
                SocketChannel accepted = server.accept();
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                served.add(accepted);
            }
            ByteBuffer tick = ByteBuffer.allocateDirect(130);
            while (tick.hasRemaining()) {
                tick.put((byte) 'x');
            }
            tick.flip();
            ByteBuffer sink = ByteBuffer.allocateDirect(4096);
            for (int threads : new int[] { 1, 2, 1, 2, 1, 2 }) {
                long start = System.nanoTime();
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    int step = threads;
                    Thread writer = new Thread(() -> {
                        try {
                            for (int i = first; i < n; i += step) {
                                served.get(i).write(tick.duplicate());
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    writers.add(writer);
                    writer.start();
                }
                for (Thread writer : writers) {
                    writer.join();
                }
                long written = System.nanoTime();
                for (SocketChannel client : clients) {
                    sink.clear();
                    client.read(sink);
                }
                long read = System.nanoTime();
                System.out.printf("%d writes by %d thread(s): %.1f ms wall, %.1f µs CPU each; %d reads: %.1f ms%n",
                        n, threads, (written - start) / 1e6, (written - start) / 1e3 * threads / n, n, (read - written) / 1e6);
            }
            for (SocketChannel channel : clients) {
                channel.close();
            }
            for (SocketChannel channel : served) {
                channel.close();
            }
        }
    }
}
