package dev.pushclock.proxy;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** A real reverse proxy run from a shipped configuration, as a child process of the test. */
public interface Proxy extends AutoCloseable {

    /** {@code nginx} or {@code haproxy}. */
    String name();

    /** Its plain HTTP listener. */
    URI uri();

    /** The status of every response the proxy has logged so far (a stream is logged when it ends). */
    List<Integer> loggedStatuses() throws IOException;

    /** Stops the proxy and waits for it to be gone. */
    @Override
    void close();
}
