package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import dev.loopkeeper.triage.Suggestion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How often the triage suggestion agrees with the class a person would choose, on the hand-written examples in
 * {@code triage/triage-examples.tsv} (test resources): each case is a fresh person with that focus and those core
 * loops, who parks the concept. A case expecting {@code none} agrees when there is no suggestion. Prints each case and
 * the agreement; it asserts nothing, so a model change never turns a test red over a measured figure.
 */
public final class TriageAgreement {
    private TriageAgreement() {
    }

    /** One hand-written case. */
    public record Case(String focus, List<String> core, String concept, String expected) {
    }

    public static List<Case> read() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = TriageAgreement.class.getResourceAsStream("/triage/triage-examples.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            boolean header = true;
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<String> core = new ArrayList<>();
                for (String c : f[1].split("\\|")) {
                    if (!c.isBlank()) {
                        core.add(c.strip());
                    }
                }
                cases.add(new Case(f[0].strip(), core, f[2].strip(), f[3].strip()));
            }
        }
        return cases;
    }

    public static void main(String[] args) throws IOException {
        Path folder = Files.createTempDirectory("triage-agreement");
        List<Case> cases = read();
        int agreed = 0;
        int[][] confusion = new int[5][5];
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            int person = 0;
            for (Case c : cases) {
                String owner = "p" + (++person);
                for (String core : c.core()) {
                    OpenLoop loop = park(app, owner, core);
                    app.triage().classify(owner, loop.id(), Triage.CORE);
                }
                if (!c.focus().isEmpty()) {
                    app.focus().set(owner, c.focus(), Optional.empty(), FocusSource.COMMAND, null, null);
                }
                OpenLoop loop = park(app, owner, c.concept());
                Optional<Suggestion> s = app.triage().suggest(owner, loop.id());
                String got = s.map(x -> x.triage().label()).orElse("none");
                boolean ok = got.equals(c.expected());
                agreed += ok ? 1 : 0;
                confusion[index(c.expected())][index(got)]++;
                System.out.printf(Locale.ROOT, "%s %-40s expected %-10s got %-10s score %s%n", ok ? "ok  " : "MISS",
                        c.concept(), c.expected(), got,
                        s.map(x -> String.format(Locale.ROOT, "%.2f", x.score())).orElse("-"));
            }
        }
        System.out.printf(Locale.ROOT, "Agreement: %d of %d (%.0f %%)%n", agreed, cases.size(),
                100.0 * agreed / cases.size());
        String[] names = {"none", "core", "adjacent", "peripheral", "?"};
        System.out.println("expected \\ suggested: none core adjacent peripheral");
        for (int i = 0; i < 4; i++) {
            System.out.printf(Locale.ROOT, "%-10s %4d %4d %8d %10d%n", names[i], confusion[i][0], confusion[i][1],
                    confusion[i][2], confusion[i][3]);
        }
    }

    private static int index(String label) {
        return switch (label) {
            case "none" -> 0;
            case "core" -> 1;
            case "adjacent" -> 2;
            case "peripheral" -> 3;
            default -> 4;
        };
    }

    private static OpenLoop park(Loopkeeper app, String owner, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.none()))).loop();
    }
}
