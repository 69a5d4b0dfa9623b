package dev.pushclock.transport;

/** The clock's query parameters, by the names clients use. Which transport takes which: {@link Transport}. */
public enum Parameter {
    /** An IANA region id or {@code UTC}: the zone the ticks are rendered in. */
    ZONE("zone"),
    /** A cursor: the last tick the client has; what comes after it is owed. */
    AFTER("after"),
    /** How long a long-poll may be held, in seconds. */
    TIMEOUT("timeout"),
    /** The event stream's cursor for clients that cannot set the {@code Last-Event-ID} header. */
    LAST_EVENT_ID("lastEventId");

    private final String queryName;

    Parameter(String queryName) {
        this.queryName = queryName;
    }

    public String queryName() {
        return queryName;
    }
}
