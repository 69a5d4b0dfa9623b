package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.pushclock.ops.BadParameterException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;

/**
 * {@link Parameters.Query} reads a query as Vert.x's {@code params()} did, through Netty's
 * {@link QueryStringDecoder}, which it replaced: for every query, what each parameter of the clock
 * is given, and whether the query is refused, must be what the decoder makes of it.
 */
class QueryTest {

    /** Pieces that meet every branch of the decoder: separators, escapes good and bad, a fragment, case and look-alikes. */
    private static final String[] PIECES = {
        "zone", "ZONE", "Zone", "after", "aFter", "timeout", "lastEventId", "LASTEVENTID", "t%C4%B1meout", "z%6Fne",
        "af%74er", "other", "x", "=", "==", "&", "&&", ";", "#", "?", "1", "42", "", "UTC", "Europe/Paris", "+", "%20",
        "%2B", "%26", "%3D", "%", "%4", "%zz", "%C3%A9", "%FF", "\u00e9", "timeout+", "zone=UTC",
        "t\u0131meout", "la\u017FtEventId", "%G1", "%1G", "%%41", "%25", "%\uFF11\uFF11", "%\u0661a",
    };

    @Test
    void everyQueryGivesTheClockWhatTheDecoderGivesIt() {
        Random random = new Random(20261204);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder query = new StringBuilder();
            int pieces = random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                query.append(PIECES[random.nextInt(PIECES.length)]);
            }
            assertSameAsDecoder(query.toString());
        }
    }

    @Test
    void onlyTheFirst1024ParametersCount() {
        String many = "x=1&".repeat(1023);
        assertSameAsDecoder(many + "after=7");
        assertSameAsDecoder(many + "after=7&zone=UTC");
        assertSameAsDecoder(many + "x=1&after=7");
        assertSameAsDecoder(many + "&&after=7");
        assertSameAsDecoder(many + "x&after=%zz");
        assertEquals(1, Parameters.Query.of(many + "after=7").times(Parameter.AFTER));
        assertEquals(0, Parameters.Query.of(many + "x=1&after=7").times(Parameter.AFTER));
    }

    @Test
    void noQueryGivesNothing() {
        for (Parameter parameter : Parameter.values()) {
            assertEquals(0, Parameters.Query.of(null).times(parameter));
            assertNull(Parameters.Query.of(null).value(parameter));
        }
    }

    private static void assertSameAsDecoder(String raw) {
        Map<String, List<String>> decoded;
        try {
            decoded = new QueryStringDecoder(raw, StandardCharsets.UTF_8, false).parameters();
        } catch (IllegalArgumentException malformed) {
            try {
                Parameters.Query.of(raw);
            } catch (BadParameterException refused) {
                assertEquals("query", refused.parameter(), shown(raw));
                return;
            }
            throw new AssertionError("the decoder refuses " + shown(raw) + " (" + malformed.getMessage() + "), the query took it");
        }
        Parameters.Query query = Parameters.Query.of(raw);
        for (Parameter parameter : Parameter.values()) {
            List<String> values = decoded.entrySet().stream()
                    .filter(entry -> AsciiString.contentEqualsIgnoreCase(entry.getKey(), parameter.queryName()))
                    .flatMap(entry -> entry.getValue().stream())
                    .collect(Collectors.toList());
            assertEquals(values.size(), query.times(parameter), () -> parameter + " in " + shown(raw));
            assertEquals(values.isEmpty() ? null : values.get(0), query.value(parameter), () -> parameter + " in " + shown(raw));
        }
    }

    /** The query as a failure shows it: a thousand parameters are not read by anyone. */
    private static String shown(String raw) {
        return raw.length() <= 80 ? raw : raw.substring(0, 40) + "…(" + raw.length() + " characters)…" + raw.substring(raw.length() - 30);
    }
}
