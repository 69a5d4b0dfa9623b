package dev.pushclock.ops;

import java.util.Map;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** A request the service will not serve, with the problem document that says why and the headers that go with it. */
public final class Refused extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public Refused(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Answers a Vert.x route's request with the problem. */
    public void send(HttpServerResponse response) {
        headers.forEach(response::putHeader);
        if (problem.status() == 503) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        problem.send(response);
    }
}
