package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theStandardWaitsDoubleFromFiveSecondsToAMinute() {
        List<String> waits = IntStream.rangeClosed(1, 7).mapToObj(Backoff.standard()::delay)
                .map(Backoff::describe).collect(Collectors.toList());

        assertEquals(List.of("5 s", "10 s", "20 s", "40 s", "60 s", "60 s", "60 s"), waits);
    }

    @Test
    void aVeryLateAttemptStillWaitsTheCap() {
        assertEquals(Duration.ofSeconds(60), Backoff.standard().delay(10_000));
    }

    @Test
    void waitsBelowASecondReadInMilliseconds() {
        assertEquals("250 ms", Backoff.describe(Duration.ofMillis(250)));
        assertEquals("1500 ms", Backoff.describe(Duration.ofMillis(1500)));
    }

    @Test
    void theFirstWaitMustBePositiveAndNotAboveTheCap() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
