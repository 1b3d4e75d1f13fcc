package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who used Loopkeeper for a year, built once for the class on a real database with the clock moved week by
 * week: parks most weeks, loops triaged, opened and moved through the phases, closed with takeaways, reflections
 * answered to the weekly nudges the console prints, focus set and cleared, two quiet weeks and a month away. Then what
 * long use touches, as that person would try it in the console.
 */
class AYearOfUseTest {
    private static final String ME = ConsoleFront.LOCAL_USER;
    /** Monday 5 January 2026, the first week; the year ends on Sunday 3 January 2027. */
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int WEEKS = 52;

    @TempDir
    static Path folder;
    private static MutableClock clock;
    private static Loopkeeper app;
    private static int parked;
    private static int reflections;
    private static long oldestClosedLast;

    @BeforeAll
    static void liveAYear() throws Exception {
        clock = new MutableClock(START.plus(Duration.ofHours(8)));
        app = TestApp.open(folder, clock);
        List<String> topics = topics();
        Random random = new Random(7);
        run(app, "/nudge set day:sunday time:18:00 zone:Europe/Berlin\n");
        List<Long> waiting = new ArrayList<>();
        List<Long> opened = new ArrayList<>();
        List<Long> building = new ArrayList<>();
        List<Long> stepped = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            boolean away = w >= 30 && w <= 34; // a month away: not a command, not a look
            boolean quiet = w == 8 || w == 9; // two weeks of nothing, with a look on Sunday
            if (!away && !quiet) {
                moveTo(START.plus(Duration.ofDays(7L * w + 2)).plus(Duration.ofHours(19))); // Wednesday evening
                for (int i = 4 + random.nextInt(2); i > 0; i--) {
                    String concept = topics.get((parked++ * 7) % topics.size());
                    ParkResult r = app.loops().park(new ParkRequest(ME, concept,
                            random.nextInt(3) == 0 ? null : "came up in week " + (w + 1), Origin.none()));
                    waiting.add(((ParkResult.Parked) r).loop().id());
                }
                for (long id : waiting) {
                    OpenLoop loop = app.loops().find(ME, id).orElseThrow();
                    if (loop.triage() == Triage.UNTRIAGED && random.nextInt(4) != 0
                            && loop.createdAt().isBefore(clock.instant().minus(Duration.ofDays(5)))) {
                        app.triage().classify(ME, id, Triage.values()[1 + random.nextInt(3)]);
                    }
                }
                for (int i = 1 + random.nextInt(2); i > 0; i--) {
                    long id = waiting.remove(random.nextInt(waiting.size()));
                    app.loops().activate(ME, id);
                    opened.add(id);
                }
                if (!opened.isEmpty() && random.nextBoolean()) {
                    long id = opened.remove(0);
                    app.loops().progress(ME, id, Phase.INSTANTIATION, "a small demo in week " + (w + 1));
                    building.add(id);
                }
                if (!building.isEmpty() && random.nextBoolean()) {
                    long id = building.remove(0);
                    app.loops().progress(ME, id, Phase.RE_ABSTRACTION, null);
                    stepped.add(id);
                }
                if (!stepped.isEmpty()) {
                    app.loops().close(ME, stepped.remove(0), random.nextBoolean() ? Outcome.LEARNED : Outcome.APPLIED,
                            "takeaway of week " + (w + 1));
                }
                for (int i = 0; i < 2 && waiting.size() > 20; i++) {
                    app.loops().close(ME, waiting.remove(random.nextInt(waiting.size() - 1) + 1),
                            random.nextBoolean() ? Outcome.LET_GO : Outcome.LEARNED,
                            random.nextBoolean() ? "closed in week " + (w + 1) : null);
                }
                if (w == 50) {
                    // The first loop parked, closed at last in the year's last weeks.
                    oldestClosedLast = waiting.remove(0);
                    app.loops().close(ME, oldestClosedLast, Outcome.LEARNED, "the oldest one, at last");
                }
                if (w % 4 == 0) {
                    app.focus().set(ME, topics.get((w * 13) % topics.size()), Optional.of("2w"), FocusSource.COMMAND,
                            null, null);
                }
                if (w % 6 == 5) {
                    app.focus().clearAll(ME);
                }
            }
            if (!away) {
                moveTo(START.plus(Duration.ofDays(7L * w + 6)).plus(Duration.ofHours(17)).plus(Duration.ofMinutes(5)));
                String nudge = run(app, "/nudge show\n");
                Matcher asked = Pattern.compile("Answer: /reflect loop:(\\d+)").matcher(nudge);
                if (asked.find() && w % 5 != 4) {
                    run(app, "/reflect loop:" + asked.group(1) + " text:answer in week " + (w + 1) + "\n");
                    reflections++;
                }
            }
        }
        moveTo(START.plus(Duration.ofDays(7L * WEEKS)).plus(Duration.ofHours(10)));
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static void moveTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    /** Topics of the shipped concept map: hundreds of distinct concepts, as a year of parks would bring. */
    private static List<String> topics() throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                AYearOfUseTest.class.getResourceAsStream("/relevance/concept-map.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#") && !line.isBlank() && line.split("\t")[1].matches("[A-Za-z0-9 '\\-]+")) {
                    out.add(line.split("\t")[1]);
                }
            }
        }
        return out;
    }

    @Test
    void closedLoopsListTheLatestClosedFirstAsTheirDatesSay() {
        String out = run(app, "/loops status:closed\n/loops status:closed page:2\n");
        // By park date, a loop parked in January and closed in December sat on the last page, and the dates on a
        // page jumped about (closed 30 Dec under closed 25 Nov).
        String concept = app.loops().find(ME, oldestClosedLast).orElseThrow().concept();
        String first = out.substring(0, out.indexOf("Page 1 of"));
        assertTrue(first.contains("#" + oldestClosedLast + " " + concept), out);
        List<LocalDate> dates = new ArrayList<>();
        Matcher closed = Pattern.compile("closed (\\d{1,2} \\w{3} \\d{4})").matcher(out);
        while (closed.find()) {
            dates.add(LocalDate.parse(closed.group(1), DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)));
        }
        assertEquals(20, dates.size(), out);
        for (int i = 1; i < dates.size(); i++) {
            assertFalse(dates.get(i).isAfter(dates.get(i - 1)), "latest closed first: " + dates + "\n" + out);
        }
    }

    @Test
    void reflectionsOfAYearPageTenAtATimeNewestFirstAndEveryOneIsReached() {
        int pages = (reflections + 9) / 10;
        String out = run(app, "/reflections\n");
        // Only the ten newest showed, the other 43 "in /export": a year's answers could not be read where they were kept.
        assertShows(out, "Your reflections (" + reflections + ")", "answer in week 52",
                "Page 1 of " + pages + " · next: /reflections page:2");
        assertEquals(10, out.split("\n- ", -1).length - 1, out);
        assertTrue(out.indexOf("answer in week 52") < out.indexOf("answer in week 51"), "newest first: " + out);
        List<Integer> weeks = new ArrayList<>();
        for (int page = 1; page <= pages; page++) {
            String shown = run(app, "/reflections page:" + page + "\n");
            assertShows(shown, "Page " + page + " of " + pages);
            assertEquals(page < pages, shown.contains("next: /reflections page:" + (page + 1)), shown);
            Matcher week = Pattern.compile("answer in week (\\d+)").matcher(shown);
            while (week.find()) {
                weeks.add(Integer.parseInt(week.group(1)));
            }
        }
        assertEquals(reflections, weeks.size(), "every reflection on some page, once: " + weeks);
        for (int i = 1; i < weeks.size(); i++) {
            assertTrue(weeks.get(i) < weeks.get(i - 1), "newest first across pages: " + weeks);
        }
        assertShows(run(app, "/reflections page:" + (pages + 3) + "\n"), "Your reflections (" + reflections
                + ") fit on " + pages + " pages; there is no page " + (pages + 3) + ".");
    }

    @Test
    void aLoopOpenedMonthsAgoMovesOnAndItsYearStaysInTheExport() throws Exception {
        OpenLoop longest = app.loops().activeByPhase(ME).get(0).loop();
        String out = run(app, "/progress loop:" + longest.id() + " phase:instantiation built:a toy at last\n"
                + "/progress loop:" + longest.id() + " phase:re-abstraction\n");
        assertShows(out, "is in instantiation now: you built something with it: a toy at last.",
                "is in re-abstraction now: you stepped back.");
    }

    @Test
    void theYearExportsInEveryFormatAndImportsWholeIntoAFreshDatabase() throws Exception {
        String out = run(app, "/export format:markdown\n/export format:csv\n/export format:json\n");
        assertShows(out, "Your export (markdown): " + parked + " loops", "Your export (json): " + parked + " loops");
        Path exports = folder.resolve("exports");
        String md;
        Path json;
        try (var files = Files.list(exports)) {
            List<Path> all = files.toList();
            md = Files.readString(all.stream().filter(f -> f.toString().endsWith(".md")).findFirst().orElseThrow());
            json = all.stream().filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        assertEquals(parked, md.split("\n## ", -1).length - 1, "one heading per loop");
        assertEquals(reflections, md.split("answer in week ", -1).length - 1, "every reflection, once");

        Path other = folder.resolve("fresh");
        Files.createDirectories(other);
        try (Loopkeeper fresh = TestApp.open(other, clock)) {
            String imported = run(fresh, "/import file:" + json + "\n/import file:" + json + "\n/reflections\n");
            // Each question the nudges asked shows once: quoted above its answer, or listed as asked.
            Matcher questions = Pattern.compile(" (\\d+) nudge questions").matcher(imported);
            assertTrue(questions.find(), imported);
            int listedAsAsked = 0;
            for (String section : md.split("\n\\*\\*Asked by your weekly nudge\\*\\*\n\n")) {
                listedAsAsked += section.startsWith("- ") ? section.split("\n\n", 2)[0].split("\n").length : 0;
            }
            assertEquals(Integer.parseInt(questions.group(1)) - reflections, listedAsAsked, md);
            assertShows(imported, "Imported " + parked + " loops", reflections + " reflections",
                    "Everything in that export is already here (" + parked + " loops",
                    "Page 1 of " + (reflections + 9) / 10 + " · next: /reflections page:2");
        }
    }

    @Test
    void theTreeOfAYearStaysOnePicture() {
        String out = run(app, "/tree\n");
        assertShows(out, "Your knowledge tree: ", "grown", "Saved the picture to:");
    }

    /** Someone who set a weekly nudge and then never came back. */
    @Test
    void aNudgeSetAndNeverAnsweredBacksOffCountingFromWhenItWasSetAndSettingItAgainIsUse(@TempDir Path elsewhere) {
        MutableClock time = MutableClock.at("2026-03-02T09:00:00Z"); // a Monday
        List<Nudge> sent = new ArrayList<>();
        List<Integer> weeks = new ArrayList<>();
        try (Loopkeeper bot = TestApp.open(elsewhere, time)) {
            collectNudges(bot, sent);
            // Nothing but the nudge: no loop, no reflection. Setting it is the last use, inside the first nudge's week.
            String cleo = "100000000000000002";
            bot.nudges().set(cleo, "Sunday", "18:00", "UTC", null);
            for (int week = 1; week <= 7; week++) {
                if (sundayEvening(bot, time, week, sent)) {
                    weeks.add(week);
                }
                if (week == 5) {
                    // Set again while it backs off: that is use, and it is weekly again from the next slot.
                    assertTrue(bot.nudges().shown(cleo).orElseThrow().backingOff());
                    bot.nudges().set(cleo, "Sunday", "18:00", "UTC", null);
                }
            }
            assertEquals(List.of(1, 2, 3, 4, 6, 7), weeks);
            String fourth = NudgeMessages.nudge(sent.get(3), n -> "", "");
            assertTrue(fourth.contains("Nothing has changed in your loops for 4 weeks, so this nudge comes every 4 weeks"),
                    fourth);
            assertFalse(NudgeMessages.nudge(sent.get(2), n -> "", "").contains("Nothing has changed"));
        }
    }

    @Test
    void aNudgeNobodyAnswersBacksOffToEveryFourWeeksSaysSoAndIsWeeklyAgainOnceTheyAct(@TempDir Path elsewhere) {
        MutableClock time = MutableClock.at("2026-03-02T09:00:00Z"); // a Monday
        List<Nudge> sent = new ArrayList<>();
        try (Loopkeeper bot = TestApp.open(elsewhere, time)) {
            collectNudges(bot, sent);
            String ada = "100000000000000001";
            bot.loops().park(new ParkRequest(ada, "Kalman filter", null, Origin.none()));
            bot.nudges().set(ada, "Sunday", "18:00", "UTC", null);
            List<Integer> weeks = new ArrayList<>();
            for (int week = 1; week <= 16; week++) {
                if (sundayEvening(bot, time, week, sent)) {
                    weeks.add(week);
                }
                if (week == 13) {
                    time.advance(Duration.ofDays(2));
                    bot.loops().park(new ParkRequest(ada, "particle filter", null, Origin.none()));
                }
                if (week == 4 || week == 13) {
                    // /nudge show names the slot a nudge really goes, and says why, while it backs off (not after
                    // the park).
                    NudgeService.Shown shown = bot.nudges().shown(ada).orElseThrow();
                    assertEquals(week == 4, shown.backingOff(), "week " + week);
                    assertEquals(Instant.parse("2026-03-01T18:00:00Z").plus(Duration.ofDays(7L * (week == 4 ? 8 : 14))),
                            shown.schedule().nextRun().orElseThrow().toInstant(), "week " + week);
                    assertEquals(week == 4, NudgeMessages.shown(shown.schedule(), "x", shown.backingOff())
                            .contains("it comes every 4 weeks for now"));
                }
            }
            // The first week told of the park; then three quiet ones weekly, the third saying, four weeks after the park,
            // that it backs off; then every
            // four weeks while nothing changes; after the park in week 13, weekly again.
            assertEquals(List.of(1, 2, 3, 4, 8, 12, 14, 15, 16), weeks);
            String third = NudgeMessages.nudge(sent.get(3), n -> "", "");
            assertTrue(third.endsWith("Nothing has changed in your loops for 4 weeks, so this nudge comes every 4 "
                    + "weeks now. Park, close or reflect on something and it is weekly again; /nudge off stops it."),
                    third);
            assertTrue(NudgeMessages.nudge(sent.get(5), n -> "", "").contains("for 12 weeks, so this nudge comes every"));
            for (int i : new int[] {0, 1, 2, 6, 7, 8}) {
                assertFalse(NudgeMessages.nudge(sent.get(i), n -> "", "").contains("Nothing has changed"), "nudge " + i);
            }
        }
    }

    /** Collects the nudges the bot sends by direct message; a nudge never goes to a channel. */
    private static void collectNudges(Loopkeeper bot, List<Nudge> sent) {
        bot.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                sent.add((Nudge) mail);
                return Outcome.DELIVERED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                throw new AssertionError("a nudge never goes to a channel");
            }
        });
    }

    /**
     * Half a minute past 18:00 UTC on the {@code week}th Sunday after 1 March 2026, the delivery job run: whether a
     * nudge went.
     */
    private static boolean sundayEvening(Loopkeeper bot, MutableClock time, int week, List<Nudge> sent) {
        time.advance(Duration.between(time.instant(), Instant.parse("2026-03-01T18:00:30Z")
                .plus(Duration.ofDays(7L * week))));
        int before = sent.size();
        bot.sendDue();
        return sent.size() > before;
    }
}
