package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Mutiny gives each of its unbounded queues a first chunk of 256 slots, about a KiB, empty or not.
 * websockets-next keeps one such queue for every socket (its {@code ConcurrencyLimiter}), and
 * every forever frame's emitter has another: at 10,000 connections, 10 MiB of empty slots. The
 * queues still grow chunk by chunk as they fill, so a first chunk of 16 changes what an idle
 * connection holds and nothing else (bench/TUNING.md, "Memory"). A {@code -Dmutiny.buffer-size.s}
 * given to the JVM still wins.
 */
@ApplicationScoped
class SmallQueues {

    static final int FIRST_CHUNK = 16;

    void onStart(@Observes StartupEvent event) {
        Infrastructure.setBufferSizeS(FIRST_CHUNK);
    }
}
