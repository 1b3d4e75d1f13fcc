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

    /**
     * A titled list of lines; each line is shown as typed, so a source escapes what people typed. {@code unlisted}
     * counts what the source left out of {@code lines}, and {@code whereUnlisted} (or empty) says where to find it: the
     * digest says "and N more" once, adding any lines it had to leave out itself to fit one message.
     */
    record Section(String title, List<String> lines, long unlisted, String whereUnlisted) {

        public Section {
            lines = List.copyOf(lines);
            whereUnlisted = whereUnlisted == null ? "" : whereUnlisted;
        }

        /** A section that lists all it has. */
        public Section(String title, List<String> lines) {
            this(title, lines, 0, "");
        }
    }

    Optional<Section> section(String guildId, Instant weekFrom, Instant weekTo);
}
