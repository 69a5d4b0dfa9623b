package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * One rule for what a request is: whatever form of a transport's path a router accepts (trailing
 * slash, {@code //}, dot segments, percent-encoding, case, {@code ;} parameters), the request gets
 * every guard of that transport, or a 404 problem. With every transport full, no form of any path
 * is served; a bad zone is a 400 and a foreign page a 403 first, in that order, whatever the form.
 */
@QuarkusTest
@TestProfile(PathVariantsTest.NoRoom.class)
class PathVariantsTest {

    /** Every transport at a connection limit of 0. */
    public static class NoRoom extends ManualTime {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> limits = new HashMap<>();
            for (Transport transport : Transport.values()) {
                limits.put("pushclock.max-connections." + transport.id(), "0");
            }
            return limits;
        }
    }

    /** The forms of a path that routers are known to normalise or accept. */
    static final Map<String, UnaryOperator<String>> FORMS = Map.of(
            "as is", path -> path,
            "trailing slash", path -> path + "/",
            "double slash", path -> "/" + path,
            "inner double slash", path -> path.replaceFirst("/clock", "//clock"),
            "dot segment", path -> path.replaceFirst("/clock", "/./clock"),
            "dot-dot segment", path -> path.replaceFirst("/clock", "/x/../clock"),
            "percent-encoded letter", path -> path.replaceFirst("/clock", "/%63lock"),
            "upper case", path -> path.toUpperCase(),
            "matrix parameter", path -> path + ";x=1");

    @TestHTTPResource("/")
    URI root;

    static Stream<Arguments> everyFormOfEveryPath() {
        List<Arguments> cases = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            FORMS.forEach((form, change) -> cases.add(Arguments.of(transport, form, change.apply(transport.path()))));
        }
        return cases.stream();
    }

    /** A WebSocket close frame with code 1013 (try again later), as it appears in ISO-8859-1. */
    private static final String CLOSE_1013 = "\u0003\u00f5";

    private RawHttp.Exchange get(Transport transport, String target, String... headers) throws Exception {
        String request = RawHttp.getRequest(target, transport == Transport.WEBSOCKET, headers);
        return RawHttp.send(root, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(3),
                PathVariantsTest::answered);
    }

    /** A refusal is whole once its body is in; an upgraded socket once it has been closed 1013. */
    private static boolean answered(String received) {
        return received.startsWith("HTTP/1.1 101") ? received.contains(CLOSE_1013) : RawHttp.completeResponse(received);
    }

    private static void assertProblem(RawHttp.Exchange exchange, String what, Integer... allowed) {
        assertTrue(List.of(allowed).contains(exchange.status()), what + " answered " + exchange.status() + ":\n" + exchange.text());
        assertTrue(exchange.text().toLowerCase().contains("content-type: application/problem+json"), what + ":\n" + exchange.text());
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("everyFormOfEveryPath")
    void noFormOfAFullTransportsPathIsServed(Transport transport, String form, String path) throws Exception {
        String query = transport == Transport.LONG_POLL ? "?timeout=1" : "";
        RawHttp.Exchange exchange = get(transport, path + query);
        if (transport == Transport.WEBSOCKET && exchange.status() == 101) {
            // a browser cannot read a refused handshake's status, so a full socket is opened and closed 1013
            assertTrue(exchange.text().contains(CLOSE_1013 + "websocket is at its limit"), form + ":\n" + exchange.text());
            return;
        }
        assertProblem(exchange, transport + " " + form + " at a limit of 0", 503, 404);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("everyFormOfEveryPath")
    void everyFormChecksItsParametersFirst(Transport transport, String form, String path) throws Exception {
        assertProblem(get(transport, path + "?zone=Nowhere"), transport + " " + form + " with a bad zone", 400, 404);
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("everyFormOfTheSocketPath")
    void everyFormOfTheSocketPathRefusesAForeignPageBeforeItsLimit(Transport transport, String form, String path) throws Exception {
        for (String origin : List.of("https://evil.example", "null")) {
            assertProblem(get(transport, path, "Origin: " + origin), form + " from " + origin, 403, 404);
        }
    }

    static Stream<Arguments> everyFormOfTheSocketPath() {
        return everyFormOfEveryPath().filter(arguments -> arguments.get()[0] == Transport.WEBSOCKET);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theOrderIsPinnedMalformedThenForeignThenFull(Transport transport) throws Exception {
        assertProblem(get(transport, transport.path() + "?zone=Nowhere", "Origin: https://evil.example"), "bad zone", 400);
        if (transport.originChecked()) {
            assertProblem(get(transport, transport.path(), "Origin: https://evil.example"), "foreign page", 403);
        }
    }
}
