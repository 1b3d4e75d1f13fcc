package dev.loopkeeper.nudge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One section of a server's weekly digest. The digest asks each source for its section of the week; a feature that
 * has something to say (the study group's poll results, say) adds a source in the composition root, and nothing here
 * changes. A source with nothing that week returns empty.
 */
@FunctionalInterface
public interface DigestSource {

    /** A titled list of lines; each line is shown as typed, so a source escapes what people typed. */
    record Section(String title, List<String> lines) {

        public Section {
            lines = List.copyOf(lines);
        }
    }

    Optional<Section> section(String guildId, Instant weekFrom, Instant weekTo);
}
