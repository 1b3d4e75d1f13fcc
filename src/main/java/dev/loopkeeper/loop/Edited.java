package dev.loopkeeper.loop;

/** A loop corrected with {@code /edit}: how it read before and how it reads now. */
public record Edited(OpenLoop before, OpenLoop after) {

    public boolean conceptChanged() {
        return !before.concept().equals(after.concept());
    }

    public boolean whyChanged() {
        return before.why() == null ? after.why() != null : !before.why().equals(after.why());
    }
}
