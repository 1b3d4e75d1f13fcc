package dev.loopkeeper.triage;

import dev.loopkeeper.loop.Triage;
import java.util.Optional;

/**
 * What one pass through the triage queue decided so far. It travels in the buttons' ids ({@link #encode()}), so a
 * pass needs no state on the server and survives a restart.
 */
public record Tally(int core, int adjacent, int peripheral, int letGo, int skipped) {
    public static final Tally NONE = new Tally(0, 0, 0, 0, 0);

    public Tally plus(Triage triage) {
        return switch (triage) {
            case CORE -> new Tally(core + 1, adjacent, peripheral, letGo, skipped);
            case ADJACENT -> new Tally(core, adjacent + 1, peripheral, letGo, skipped);
            case PERIPHERAL -> new Tally(core, adjacent, peripheral + 1, letGo, skipped);
            default -> this;
        };
    }

    public Tally plusLetGo() {
        return new Tally(core, adjacent, peripheral, letGo + 1, skipped);
    }

    public Tally plusSkipped() {
        return new Tally(core, adjacent, peripheral, letGo, skipped + 1);
    }

    /** Loops given a class or let go (skipped ones are not triaged). */
    public int triaged() {
        return core + adjacent + peripheral + letGo;
    }

    /** {@code 1-2-1-0-1}: no {@code :}, which separates component-id parts. */
    public String encode() {
        return core + "-" + adjacent + "-" + peripheral + "-" + letGo + "-" + skipped;
    }

    /** A tally this bot encoded; a crafted or damaged one is empty. */
    public static Optional<Tally> parse(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 5) {
            return Optional.empty();
        }
        int[] n = new int[5];
        try {
            for (int i = 0; i < 5; i++) {
                n[i] = Integer.parseInt(parts[i]);
                if (n[i] < 0 || n[i] > 100_000) {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new Tally(n[0], n[1], n[2], n[3], n[4]));
    }
}
