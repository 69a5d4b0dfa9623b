package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** If-None-Match as RFC 9110 reads it: a list, weak tags compared weakly, and the wildcard. */
class EntityTagsTest {

    private static final String TAG = "\"5;UTC;json\"";

    @ParameterizedTest(name = "[{0}] matches: {1}")
    @CsvSource(delimiter = '|', value = {
            "\"5;UTC;json\"                   | true",
            "W/\"5;UTC;json\"                 | true",
            "\"4;UTC;json\", \"5;UTC;json\"   | true",
            "*                                | true",
            "\"5;UTC;text\"                   | false",
            "\"4;UTC;json\"                   | false",
            "5;UTC;json                       | false",
            "''                               | false" })
    void ifNoneMatch(String header, boolean matches) {
        assertEquals(matches, EntityTags.matches(header, TAG));
    }
}
