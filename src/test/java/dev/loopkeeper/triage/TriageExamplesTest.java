package dev.loopkeeper.triage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.bench.TriageAgreement;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand-written triage examples stay readable by the agreement measure (their figure is measured, not pinned). */
class TriageExamplesTest {

    @Test
    void everyExampleHasAConceptAndAKnownClass() throws IOException {
        List<TriageAgreement.Case> cases = TriageAgreement.read();
        assertTrue(cases.size() >= 30, "about 30 examples: " + cases.size());
        for (TriageAgreement.Case c : cases) {
            assertTrue(!c.concept().isBlank(), c.toString());
            assertTrue(Set.of("none", "core", "adjacent", "peripheral").contains(c.expected()), c.toString());
            assertTrue(c.expected().equals("none") == (c.focus().isEmpty() && c.core().isEmpty()), c.toString());
        }
    }
}
