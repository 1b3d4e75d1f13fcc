package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the console reads a typed whole number: pages and a poll's hours. */
class WholeNumberTest {

    @Test
    void leadingZerosCountForNothingAndHugeNumbersAreHeldAtTheEnds() {
        // 22 characters, but the number 24: it is in range, not "out of range" for its length.
        assertEquals(OptionalLong.of(24), ConsoleFront.wholeNumber("0000000000000000000024"));
        assertEquals(OptionalLong.of(5), ConsoleFront.wholeNumber("+5"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), ConsoleFront.wholeNumber("999999999999999999999999999999"));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), ConsoleFront.wholeNumber("-999999999999999999999999999999"));
        assertEquals(OptionalLong.of(-3), ConsoleFront.wholeNumber("-3"));
        assertEquals(OptionalLong.empty(), ConsoleFront.wholeNumber("a day"));
        assertEquals(OptionalLong.empty(), ConsoleFront.wholeNumber("2.5"));
        assertEquals(OptionalLong.empty(), ConsoleFront.wholeNumber(""));
    }
}
