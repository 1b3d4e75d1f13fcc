package dev.loopkeeper.focus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The focus rules and their wording stay untied: messages read the service's types, the service never reads the
 * messages, and both take their limits from {@link FocusLimits}. Checked on the compiled classes.
 */
class FocusDependenciesTest {

    private static String constantPool(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theServiceNeverReadsItsMessages() throws IOException {
        assertFalse(constantPool(FocusService.class).contains("dev/loopkeeper/focus/FocusMessages"));
    }

    @Test
    void theMessagesReadTheServicesResultType() throws IOException {
        assertTrue(constantPool(FocusMessages.class).contains("dev/loopkeeper/focus/FocusService$Added"));
    }
}
