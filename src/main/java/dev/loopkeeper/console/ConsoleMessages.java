package dev.loopkeeper.console;

import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Phase;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** What only the console says: its help, drawn from the command registry, and the answers buttons give on Discord. */
final class ConsoleMessages {
    private ConsoleMessages() {
    }

    /**
     * Under {@code /nudge set} with no zone given, here or before: the zone it took (the one the console's dates are
     * read in) and how to change it. Discord asks instead, knowing nothing of the person's clock.
     */
    static String zoneAssumed(java.time.ZoneId zone) {
        return "You gave no time zone, so it follows " + zone.getId() + ", the zone this console shows dates in, which "
                + "is your zone now (quiet hours too); add zone:, such as zone:Europe/Berlin, to change it.";
    }

    /**
     * Said before the loops without vectors get them, which holds the welcome back: some 20 s for 5,000 loops on two
     * cores (an import the console quit before it was done, or the first start after an update).
     */
    static String preparing(long loops) {
        return "Getting " + loops + (loops == 1 ? " loop" : " loops")
                + " ready for search and reminders (their vectors are computed once, after an import or an update); "
                + "this can take a minute.";
    }

    static String welcome() {
        return "Loopkeeper console. Type help for the commands, quit to leave.";
    }

    /**
     * The help: what Loopkeeper is for, every console command with its options (optional ones in brackets) and what
     * it does, then how reminders decide and where they appear. The lines come from {@code HelpMessages}, which reads
     * the command registry.
     */
    static String help(List<String> intro, List<HelpMessages.Section> sections) {
        StringJoiner text = new StringJoiner("\n");
        intro.forEach(text::add);
        for (HelpMessages.Section section : sections) {
            text.add("");
            text.add(section.title().equals(HelpMessages.COMMANDS)
                    ? "Commands, one per line (a value runs to the next name: or the end of the line):"
                    : section.title() + ":");
            section.lines().forEach(line -> text.add(section.title().equals(HelpMessages.COMMANDS) ? line : "  " + line));
            if (section.title().equals(HelpMessages.COMMANDS)) {
                text.add("  quit\n      Leave");
            }
        }
        return text.toString();
    }

    /** "/export needs format:markdown|json|csv.": the option as help shows it, so the line says what to type. */
    static String needs(ConsoleLine line, String option) {
        return line.usage() + " needs " + option + ":" + line.optionSpec(option).map(OptionSpec::usageValue)
                .orElse("<value>") + ".";
    }

    static String notAChoice(OptionSpec option, String given) {
        String refused = option.name() + " must be one of " + option.choices().stream().map(OptionSpec.Choice::label)
                .collect(Collectors.joining(", ")) + "; got '" + echo(given) + "'.";
        // Several words where a choice was wanted: most likely "scope:" meant as words inside a why, which the line
        // read as the option.
        return given.strip().contains(" ") ? refused + " To write \u201c" + option.name() + ":\u201d inside a value, type "
                + option.name() + "\\: instead." : refused;
    }

    static String pageNumber(String given) {
        return LoopMessages.pageNumber(echo(given));
    }

    /** A mistyped value quoted back: on one line, at most 40 characters, its markdown showing as typed. */
    static String echo(String given) {
        return UserText.fitEcho(UserText.singleLine(given), 40);
    }


    /** The console has no server, so no server's shared loops. */
    static String serverLoopsLiveOnDiscord() {
        return "Server loops live on Discord: a server's shared loops are parked, listed and closed there with "
                + "scope:server. Here, every loop is yours; leave scope out. Nothing was changed.";
    }

    static String notInAReminder(OpenLoop loop) {
        return "No reminder shown here lists " + loop.concept() + " (#" + loop.id() + "). Any open loop can be "
                + "started with /open or ended with /close.";
    }

    /** Under a nudge's question: the line that answers it. */
    static String reflectHint(long loopId) {
        return "\n   Answer: /reflect loop:" + loopId + " text:<your answer>";
    }

    /** Under the loops a nudge offers to let go. */
    static String letGoHint() {
        return "To let one go: /close loop:<its name> outcome:let go. To keep one: /keep loop:<its name>.";
    }

    /** Under "Noted: ... won't come back for this focus": how to take a line typed by mistake back. */
    static String undoHint(long loopId) {
        return "Typed by mistake? /remind loop:" + loopId + " action:undo takes it back.";
    }

    static String snoozeHow() {
        return "Type week (1 week), focus (until this focus ends) or review (until the weekly review):";
    }

    /** A question's answer that is none of its choices: nothing was done, and the command asks again. */
    static String notAnAnswer(OptionSpec option, String given, ConsoleLine line) {
        return "'" + echo(given) + "' is not one of " + option.choices().stream().map(OptionSpec.Choice::label)
                .collect(Collectors.joining(", ")) + ", so nothing was done. Type " + line.usage() + " "
                + line.options().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(" ")) + " to be asked again.";
    }

    static String sessionHelp() {
        return "help lists the commands, and help <command> shows one with its options (help focus set, one of its "
                + "subcommands); quit (or exit) ends the console. Everything you saved stays in the database.";
    }

    static String noHelpFor(String typed) {
        return "There is no console command " + echo(typed) + ". Type help for the list.";
    }

    /** {@code help focus dance}: the command has no such subcommand; what it has, and how to see them all. */
    static String noSuchPart(String command, String typed, List<String> parts) {
        return "/" + command + " has no subcommand " + echo(typed) + "; it has " + String.join(", ", parts)
                + ". help " + command + " shows them all.";
    }

    static String notSnoozed() {
        return "No answer, so nothing was snoozed.";
    }

    /** It may have failed after a commit, so it never claims that nothing changed. */
    /** Under a park that matches the person's focus, where Discord shows a Core button. */
    static String coreHint(long loopId) {
        return "To mark it: /triage loop:" + loopId + " class:core";
    }

    /**
     * Under an opened loop, where Discord shows the phase buttons. In instantiation Discord's "I built something else"
     * asks what; here, where phase:instantiation alone changes nothing there, the line says built:.
     */
    static String progressHint(OpenLoop loop) {
        if (loop.phase() == Phase.RE_ABSTRACTION) {
            return "Building again with it: /progress loop:" + loop.id() + " phase:instantiation";
        }
        return (loop.phase() == Phase.INSTANTIATION ? "When you step back: /progress loop:" + loop.id()
                + " phase:re-abstraction; when you build something else: /progress loop:" + loop.id()
                + " phase:instantiation built:<what you built>" : "When you build something with it: /progress loop:"
                + loop.id() + " phase:instantiation; when you step back: phase:re-abstraction");
    }

    static String whatDidYouBuild() {
        return "What did you build with it? One line (or an empty line to skip):";
    }

    static String noBuildNote() {
        return "(Recorded without saying what you built.)";
    }

    /** The queue's choices, numbered in the order {@link #triageChoice} reads them. */
    static String triageHow() {
        return "1 core · 2 adjacent · 3 peripheral · 4 let go · 5 skip (the number or the word):";
    }

    /**
     * A typed answer to a triage card as its word without spaces, case or dashes ({@code core}, {@code adjacent},
     * {@code peripheral}, {@code letgo}, {@code skip}), a number standing for its word in {@link #triageHow}'s order.
     * "Let it go", as Discord's button and the local poll say it, is {@code letgo} too.
     */
    static String triageChoice(String typed) {
        String word = typed.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        return switch (word) {
            case "1" -> "core";
            case "2" -> "adjacent";
            case "3" -> "peripheral";
            case "4", "letitgo" -> "letgo";
            case "5" -> "skip";
            default -> word;
        };
    }

    static String triageStopped() {
        return "Triage stopped here; /triage goes on where it stopped.";
    }

    static String notATriageAnswer(String given) {
        return "'" + echo(given) + "' is not one of them: a number from 1 to 5, or its word.";
    }

    /** A command whose write waited {@code waited} for another program's lock on the database file, and gave up. */
    static String databaseBusy(java.time.Duration waited) {
        return "The database file was kept locked by another program using it (another console, or the bot) for "
                + Math.max(1, waited.toSeconds()) + " s, so I could not finish that. Anything I confirmed is saved; "
                + "try again in a moment.";
    }

    static String failed(RuntimeException e) {
        return "Sorry, something went wrong on my side (" + e.getClass().getSimpleName() + "). Anything I confirmed is "
                + "saved; /loops and /focus show say where things stand.";
    }

    /** A line with bytes that are not UTF-8 (a terminal in another encoding, a binary file piped in). */
    static String notUtf8() {
        return "That line holds bytes that are not UTF-8 text (shown as \uFFFD), so nothing was done with it. Set your "
                + "terminal to UTF-8 and type it again.";
    }


    /** {@code /focus follow state:on} in the console. */
    static String noWorklogHere() {
        return "Following reads what you write in a Discord server's work-log channels; the console has none, so there "
                + "is nothing to follow here. Set your focus with /focus set.";
    }

    /** {@code /remind ... until:} with an action that is not a snooze. */
    static String untilIsForSnooze() {
        return "until: says how long to snooze, so it goes with action:snooze only. Nothing was done.";
    }
}
