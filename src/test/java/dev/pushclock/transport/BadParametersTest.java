package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import io.restassured.specification.RequestSpecification;

/**
 * The parameter rules, on every transport as the registry lists them: every bad value, a parameter
 * given twice or empty, and one of the clock's parameters on a transport that does not take it,
 * is a 400 problem document naming it, and the service goes on serving.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class BadParametersTest {

    /** Values no parameter takes, whatever the parameter. */
    private static final Map<Parameter, List<String>> BAD = Map.of(
            Parameter.ZONE, List.of("Mars/Olympus", "utc", "+08:00", "Europe/../etc", "<script>"),
            Parameter.AFTER, List.of("abc", "-1", "1.5", "1e3", "+5", " 5", "99999999999999999999", "9223372036854775808"),
            Parameter.LAST_EVENT_ID, List.of("abc", "-1", "1.5", "99999999999999999999"),
            Parameter.TIMEOUT, List.of("0", "121", "-5", "ten", "99999999999999999999"));

    @TestHTTPResource("/")
    URI root;

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (Parameter parameter : Parameter.values()) {
                String name = parameter.queryName();
                if (transport.parameters().contains(parameter)) {
                    for (String value : BAD.get(parameter)) {
                        cases.add(Arguments.of(transport, name, value));
                    }
                    cases.add(Arguments.of(transport, name, ""));
                } else {
                    cases.add(Arguments.of(transport, name, "1"));
                }
            }
        }
        return cases.stream();
    }

    /** The socket's upgrade request is checked before it is upgraded, like any other request. */
    static RequestSpecification request(Transport transport) {
        RequestSpecification request = given();
        if (transport == Transport.WEBSOCKET) {
            request = request.header("Upgrade", "websocket").header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13");
        }
        return request;
    }

    @ParameterizedTest(name = "{0} {1}=''{2}''")
    @MethodSource("badRequests")
    void aBadParameterIsA400ProblemNamingIt(Transport transport, String parameter, String value) {
        request(transport).queryParam(parameter, value).get(transport.path())
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("parameter", equalTo(parameter))
                .body("detail", startsWith(parameter + " "));
        given().get("/api/clock").then().statusCode(200).body(containsString("\"seq\""));
    }

    @ParameterizedTest(name = "{0} {1} twice")
    @MethodSource("everyParameterOfEveryTransport")
    void aParameterGivenTwiceIsAmbiguous(Transport transport, String parameter) {
        request(transport).queryParam(parameter, "1", "2").get(transport.path())
                .then().statusCode(400).body("parameter", equalTo(parameter)).body("detail", containsString("once"));
    }

    /** Names are compared ignoring the case of A to Z, so a second spelling is a second value. */
    @ParameterizedTest(name = "{0} {1} and {1} in capitals")
    @MethodSource("everyParameterOfEveryTransport")
    void aParameterGivenAgainInCapitalsIsAmbiguous(Transport transport, String parameter) {
        request(transport).queryParam(parameter, "1").queryParam(parameter.toUpperCase(Locale.ROOT), "2").get(transport.path())
                .then().statusCode(400).body("parameter", equalTo(parameter)).body("detail", containsString("not 2 times"));
    }

    static Stream<Arguments> everyParameterOfEveryTransport() {
        return Stream.of(Transport.values()).flatMap(transport -> transport.parameters().stream()
                .map(parameter -> Arguments.of(transport, parameter.queryName())));
    }

    @org.junit.jupiter.api.Test
    void unknownParametersSuchAsCacheBustersAreIgnored() {
        given().queryParam("_", "1700000000").get("/api/clock").then().statusCode(200);
        given().queryParam("_", "1700000000").queryParam("after", "0").get("/api/clock/next").then().statusCode(200);
    }

    /**
     * A cache-buster is ignored, but not a broken escape in it: the request cannot be read. Quarkus
     * refuses such a URI itself, with a bare 400, before any route or filter sees it (so the
     * query's own check, held to Netty's decoder by {@code QueryTest}, is a second line).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void aMalformedEscapeInAnUnknownParameterIsRefused(Transport transport) throws Exception {
        // sent raw: an HTTP client will not send such a URI
        for (String query : List.of("_=%ZZ", "_=1%", "_=%4", "zone=UTC&_=%G0", "after=1&after=%Z1")) {
            String request = RawHttp.getRequest(transport.path() + "?" + query, transport == Transport.WEBSOCKET, "Connection: close");
            String answer = RawHttp.send(root, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5),
                    RawHttp::completeResponse).text();
            assertTrue(answer.startsWith("HTTP/1.1 400 "), query + " on " + transport.path() + " was answered:\n" + answer);
        }
        given().get("/api/clock").then().statusCode(200);
    }

    /** Only A to Z have a case here: a dotless ı or a long ſ makes another name, one no transport takes. */
    @org.junit.jupiter.api.Test
    void namesLookingLikeTheClocksInOtherScriptsAreUnknown() {
        // were they taken for timeout and lastEventId, polling would refuse them as not its parameters
        given().urlEncodingEnabled(false).get("/api/clock?t%C4%B1meout=5").then().statusCode(200);
        given().urlEncodingEnabled(false).get("/api/clock?la%C5%BFtEventId=2").then().statusCode(200);
    }
}
