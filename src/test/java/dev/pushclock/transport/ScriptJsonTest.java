package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.json.JsonObject;

/** JSON placed in a script element can never end it, and still means the same value. */
class ScriptJsonTest {

    @ParameterizedTest
    @ValueSource(strings = { "</script><script>alert(1)</script>", "<!--", "-->", "a & b", "line\u2028separator",
            "</SCRIPT >", "<\\/script>" })
    void nothingInAStringCanCloseTheScript(String hostile) {
        String json = new JsonObject().put("zone", hostile).encode();
        String safe = ScriptJson.escape(json);
        assertFalse(safe.contains("<"), safe);
        assertFalse(safe.contains(">"), safe);
        assertFalse(safe.contains("\u2028"), safe);
        assertEquals(hostile, new JsonObject(safe).getString("zone"), "the same JSON value");
    }
}
