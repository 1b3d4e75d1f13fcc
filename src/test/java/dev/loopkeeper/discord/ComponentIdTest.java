package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentIdTest {
    @Test
    void roundTripsThroughItsEncoding() {
        ComponentId id = ComponentId.of("123456789012345678", "loops", "page", "open", "any", 3);
        assertEquals("123456789012345678:loops.page:open:any:3", id.encode());
        assertEquals(Optional.of(id), ComponentId.parse(id.encode()));
        assertEquals(Optional.of(3L), id.longArg(2));
        assertEquals(Optional.empty(), id.longArg(0));
        assertEquals(Optional.empty(), id.longArg(9));
    }

    @Test
    void refusesIdsOverDiscordsLimitOrWithSeparatorsInParts() {
        String snowflake = "123456789012345678";
        assertThrows(IllegalArgumentException.class,
                () -> ComponentId.of(snowflake, "parkmsg", "save", snowflake, snowflake, snowflake, snowflake));
        assertThrows(IllegalArgumentException.class, () -> ComponentId.of("1:2", "park", "keep", "a"));
        assertThrows(IllegalArgumentException.class, () -> ComponentId.of("1", "park", "ke:ep", "a"));
        assertThrows(IllegalArgumentException.class, () -> ComponentId.of("1", "pa.rk", "keep"));
        assertThrows(IllegalArgumentException.class, () -> ComponentId.of("1", "park", "keep", ""));
    }

    /** An argument may hold any text (a search's query): its separators are escaped in the id and come back whole. */
    @Test
    void anArgumentHoldingTheSeparatorOrAPercentRoundTrips() {
        ComponentId id = ComponentId.of("1", "loops", "find", "all", "C++: 100% a:b %3A");
        assertEquals("1:loops.find:all:C++%3A 100%25 a%3Ab %253A", id.encode());
        assertEquals(Optional.of(id), ComponentId.parse(id.encode()));
        assertEquals("C++: 100% a:b %3A", ComponentId.parse(id.encode()).orElseThrow().arg(1));
        // The escapes count against Discord's limit: 33 colons are 99 characters written.
        assertThrows(IllegalArgumentException.class, () -> ComponentId.of("1", "loops", "find", ":".repeat(33)));
    }

    @Test
    void theLongestIdTheBotMakesFits() {
        String snowflake = "12345678901234567890";
        ComponentId modal = ComponentId.of(snowflake, "parkmsg", "save", snowflake, snowflake, snowflake);
        assertTrue(modal.encode().length() <= ComponentId.MAX_LENGTH);
    }

    @Test
    void garbageParsesToNothing() {
        for (String bad : List.of("", "unpark:backprop", "x", "1:park.", "1:.keep")) {
            assertEquals(Optional.empty(), ComponentId.parse(bad), bad);
        }
    }
}
