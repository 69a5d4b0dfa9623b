package dev.pushclock.ops;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every client error the HTTP layer answers is a problem document too, not an HTML page or an
 * empty body: no such path (404), a method the path does not take (405, with {@code Allow}), a
 * representation it cannot make (406) or a body it does not take (413, 415), and a request line or
 * headers larger than the service reads (414, 431). Requests far beyond those sizes are refused by
 * Vert.x itself before any of this runs, with a bare status and a closed connection, and so is a
 * request target that is not a valid URI (a broken percent escape): Quarkus's bare 400.
 */
@ApplicationScoped
public class EdgeProblems {

    /** The longest request target read; Netty's own line limit (application.properties) is twice this. */
    static final int MAX_TARGET = 4096;
    /** The most header bytes read; Netty's own limit is above this. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The service takes no request bodies; a small one is ignored, a large one refused. */
    static final long MAX_BODY_BYTES = 1024;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::sizes);
        router.errorHandler(404, context -> answer(context, Problem.of(404, "Not Found",
                "nothing is served at " + context.normalizedPath() + "; see /q/openapi on the management port"), Map.of()));
        router.errorHandler(405, context -> answer(context, Problem.of(405, "Method Not Allowed",
                context.request().method() + " is not allowed here"), Map.of("Allow", "GET")));
    }

    private void sizes(RoutingContext context) {
        if (context.request().uri().length() > MAX_TARGET) {
            refuse(context, Problem.of(414, "URI Too Long", "the request target must be at most " + MAX_TARGET + " bytes"));
        } else if (Wire.headerLineBytes(context.request().headers()) > MAX_HEADER_BYTES) {
            refuse(context, Problem.of(431, "Request Header Fields Too Large",
                    "the request headers must be at most " + MAX_HEADER_BYTES + " bytes in all"));
        } else if (bodyTooLarge(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            refuse(context, Problem.of(413, "Content Too Large", "this service takes no request bodies"));
        } else {
            context.next();
        }
    }

    /** The connection goes too: what is left of such a request is not worth reading. */
    private static void refuse(RoutingContext context, Problem problem) {
        context.response().putHeader("Connection", "close");
        problem.send(context.response());
    }

    private static boolean bodyTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException notANumber) {
            return true;
        }
    }

    private static void answer(RoutingContext context, Problem problem, Map<String, String> headers) {
        headers.forEach(context.response()::putHeader);
        problem.send(context.response());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(Problem.of(404, "Not Found", "nothing is served here; see /q/openapi on the management port"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        // Quarkus REST leaves the exception's Allow empty; every path of this service takes GET (and HEAD)
        Set<String> allowed = e.getResponse().getAllowedMethods().isEmpty() ? Set.of("GET", "HEAD")
                : e.getResponse().getAllowedMethods();
        Problem problem = Problem.notAllowed(String.join(", ", new TreeSet<>(allowed)));
        return Response.fromResponse(problem(problem)).allow(allowed).build();
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e) {
        return problem(Problem.of(415, "Unsupported Media Type", "this service takes no request bodies"));
    }

    /**
     * Quarkus REST answers a request whose {@code Accept} no method can satisfy with a bare 406 of its
     * own, past the exception mappers (a {@code NotAcceptableException} mapper is never called): its
     * body is put in here. Which types the path offers is not known here (no method was matched), so
     * the detail names none.
     */
    @ServerResponseFilter
    public void bareNotAcceptable(ContainerResponseContext response) {
        if (response.getStatus() == 406 && !response.hasEntity()) {
            Problem problem = Problem.of(406, "Not Acceptable", "nothing this path serves is of a type the Accept header allows");
            response.setEntity(bytes(problem), null, MediaType.valueOf(Problem.MEDIA_TYPE));
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).entity(bytes(problem)).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** As bytes, which Quarkus REST writes whatever the client said it accepts; a String only in a type it accepts. */
    private static byte[] bytes(Problem problem) {
        return problem.toJson().getBytes(StandardCharsets.UTF_8);
    }
}
