package dev.pushclock.transport;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** Refuses to start with transport settings that could not work, naming each one that is wrong. */
final class TransportChecks {


    static void check(@Observes StartupEvent started, TransportConfig config) {
        List<String> wrong = problems(config);
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("pushclock settings that cannot work: " + String.join("; ", wrong));
        }
    }

    static List<String> problems(TransportConfig config) {
        List<String> wrong = new ArrayList<>();
        config.maxConnections().forEach((id, limit) -> {
            if (Transport.withId(id).isEmpty()) {
                wrong.add("pushclock.max-connections." + id + " names no transport (" + ids() + ")");
            } else if (limit < 0) {
                wrong.add("pushclock.max-connections." + id + " must be 0 or more, got " + limit);
            }
        });
        long maxTimeout = config.longPoll().maxTimeout().toSeconds();
        long defaultTimeout = config.longPoll().defaultTimeout().toSeconds();
        if (maxTimeout < 1) {
            wrong.add("pushclock.long-poll.max-timeout must be at least 1s, got " + config.longPoll().maxTimeout());
        }
        if (defaultTimeout < 1 || defaultTimeout > maxTimeout) {
            wrong.add("pushclock.long-poll.default-timeout must be from 1s to pushclock.long-poll.max-timeout, got "
                    + config.longPoll().defaultTimeout());
        }
        if (config.iframe().padding() < 1024) {
            wrong.add("pushclock.iframe.padding must be at least 1024 (browsers wait for a KiB before they run scripts), got "
                    + config.iframe().padding());
        }
        if (config.iframe().maxBytes() < 2 * config.iframe().padding()) {
            wrong.add("pushclock.iframe.max-bytes must be at least twice pushclock.iframe.padding, got "
                    + config.iframe().maxBytes());
        }
        if (config.ws().maxMessage() < 64) {
            wrong.add("pushclock.ws.max-message must be at least 64 bytes, got " + config.ws().maxMessage());
        }
        if (config.ws().maxPendingReplies() < 1) {
            wrong.add("pushclock.ws.max-pending-replies must be at least 1, got " + config.ws().maxPendingReplies());
        }
        if (config.slowConsumer().maxLag().toMillis() < 1000) {
            wrong.add("pushclock.slow-consumer.max-lag must be at least 1s, got " + config.slowConsumer().maxLag());
        }
        return wrong;
    }

    private static String ids() {
        List<String> ids = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            ids.add(transport.id());
        }
        return String.join(", ", ids);
    }
}
