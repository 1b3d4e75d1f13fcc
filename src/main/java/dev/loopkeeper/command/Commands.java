package dev.loopkeeper.command;

import static dev.loopkeeper.command.OptionSpec.channel;
import static dev.loopkeeper.command.OptionSpec.file;
import static dev.loopkeeper.command.OptionSpec.number;
import static dev.loopkeeper.command.OptionSpec.role;
import static dev.loopkeeper.command.OptionSpec.text;

import dev.loopkeeper.command.CommandSpec.Group;
import dev.loopkeeper.command.CommandSpec.Subcommand;
import dev.loopkeeper.command.OptionSpec.Choice;
import dev.loopkeeper.focus.FocusLimits;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.poll.PollRules;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.search.SearchService;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every command Loopkeeper understands, each declared once. Discord registers {@link #discord()}, the console
 * parses and lists {@link #console()}, and the tests walk {@link #ALL}; a new command is one entry here plus its
 * handlers. The name constants are what handlers and tests use to read options.
 */
public final class Commands {
    // Subcommand and option names (several commands share LOOP, ITEM and STATE).
    public static final String CONCEPT = "concept";
    public static final String WHY = "why";
    public static final String STATUS = "status";
    public static final String TRIAGE = "triage";
    public static final String PAGE = "page";
    public static final String LOOP = "loop";
    public static final String OUTCOME = "outcome";
    public static final String TAKEAWAY = "takeaway";
    public static final String SET = "set";
    public static final String SHOW = "show";
    public static final String CLEAR = "clear";
    public static final String QUIET = "quiet";
    public static final String FOLLOW = "follow";
    public static final String TEXT = "text";
    public static final String FOR = "for";
    public static final String ITEM = "item";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String ZONE = "zone";
    public static final String STATE = "state";
    public static final String REMINDERS = "reminders";
    public static final String WORKLOG = "worklog";
    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String LIST = "list";
    public static final String CHANNEL = "channel";
    public static final String ACTION = "action";
    public static final String UNTIL = "until";
    public static final String INTO = "into";
    public static final String SCOPE = "scope";
    public static final String CLASS = "class";
    public static final String FORMAT = "format";
    public static final String FILE = "file";
    public static final String POLL = "poll";
    public static final String HOURS = "hours";
    public static final String POLLS = "polls";
    public static final String ROLE = "role";
    public static final String QUORUM = "quorum";
    public static final String STARTERS = "starters";
    /** The value of {@link #STARTERS} that lets only people with Manage Server start polls again. */
    public static final String MANAGERS = "managers";
    public static final String PHASE = "phase";
    public static final String BUILT = "built";
    public static final String QUERY = "query";
    public static final String DAY = "day";
    public static final String TIME = "time";
    public static final String OFF_NOW = "off";
    public static final String NOW = "now";
    public static final String DIGEST = "digest";
    public static final String CAPS = "caps";
    public static final String DAILY = "daily";
    /** The highest reminder cap the bot-wide setting allows (LOOPKEEPER_REMINDER_DAILY_CAP), so a server's too. */
    public static final int MOST_DAILY_CAP = 100;
    /** The values of {@link #STATE}. */
    public static final String ON = "on";
    public static final String OFF = "off";
    /** The values of {@link #ACTION} and {@link #UNTIL} on {@code /remind}. */
    public static final String OPEN_IT = "open";
    public static final String SNOOZE = "snooze";
    public static final String NOT_RELEVANT = "not relevant";
    public static final String LET_GO = "let go";
    /** Takes back "not relevant" (on Discord, the button under its answer). */
    public static final String UNDO = "undo";
    public static final String WEEK = "week";
    public static final String FOCUS_ENDS = "focus";
    public static final String REVIEW = "review";

    /**
     * How a loop option's description says that Discord suggests loops as one types; the console, which suggests
     * nothing, shows {@link #PICK_TYPED} in its help instead.
     */
    public static final String PICK_SUGGESTED = "start typing its concept";
    /** What a loop option takes in the console, in place of {@link #PICK_SUGGESTED}. */
    public static final String PICK_TYPED = "its number, its concept, or a part of it";
    /**
     * Said by every option that works only in a server's channels. Discord offers a command's options alike in a DM
     * and in a server (its contexts are the whole command's), so the description tells, before a DM refuses it.
     */
    public static final String IN_A_SERVER_ONLY = "in a server only";
    /** What {@code /triage poll:} puts to a vote on Discord. */
    public static final String POLL_SERVER_LOOP = "Poll the group on one of this server's shared loops, "
            + IN_A_SERVER_ONLY;
    /** What it does in the console, which has no server: shown in its help in place of {@link #POLL_SERVER_LOOP}. */
    public static final String POLL_OWN_LOOP = "A local poll on one of your own loops, votes typed as lines";

    private static final OptionSpec LOOP_PICK = text(LOOP, "The loop (" + PICK_SUGGESTED + ")")
            .withAutocomplete().withPlaceholder("number or concept");
    private static final List<Choice> ON_OFF = List.of(Choice.of(ON), Choice.of(OFF));
    /** Whose loops a command acts on: the person's own (default), or the server's shared lot. */
    private static final OptionSpec SCOPE_PICK = text(SCOPE,
            "Yours (default), or this server's shared loops: " + IN_A_SERVER_ONLY)
            .optional().withChoices(Arrays.stream(LoopScope.Kind.values()).map(k -> Choice.of(k.label()))
                    .collect(Collectors.toList()));

    public static final CommandSpec PARK = CommandSpec.slash("park",
            "Park a concept you can't walk into yet; it comes back when it becomes relevant",
            text(CONCEPT, "The concept, in a few words").withMaxLength(LoopLimits.MAX_CONCEPT),
            text(WHY, "Why it matters to you (optional)").optional().withMaxLength(LoopLimits.MAX_WHY),
            SCOPE_PICK);

    public static final CommandSpec PARK_MESSAGE = CommandSpec.messageMenu("Park a concept",
            "Park a concept from any message, keeping a link to it and a short excerpt");

    public static final CommandSpec LOOPS = CommandSpec.slash("loops",
            "Your parked loops, or this server's shared ones, newest first",
            text(STATUS, "Which loops (default: open; with query, all)").optional().withChoices(Arrays.stream(LoopFilter.Stage.values())
                    .map(s -> Choice.of(s.label())).collect(Collectors.toList())),
            text(TRIAGE, "Only this triage class").optional().withChoices(Arrays.stream(Triage.values())
                    .map(t -> new Choice(t.label(), t.db())).collect(Collectors.toList())),
            // Discord pages with Prev/Next buttons too; page: reaches page 300 of a full list without 299 clicks.
            number(PAGE, "Which page, from 1").optional(),
            SCOPE_PICK,
            text(QUERY, "Find loops, open and closed, by words and meaning, best first").optional().withMaxLength(SearchService.MAX_QUERY)
                    .withPlaceholder("words"));

    public static final CommandSpec OPEN = CommandSpec.slash("open",
            "Make one of your open loops active: you start on it now", LOOP_PICK);

    /**
     * Moves an opened loop to its next phase. Without {@code built}, instantiation asks what was built (a form on
     * Discord, the next line in the console); the answer is optional.
     */
    public static final CommandSpec PROGRESS = CommandSpec.slash("progress",
            "Move an opened loop on: you built something with it, or you stepped back",
            LOOP_PICK,
            text(PHASE, "instantiation: you built something with it; re-abstraction: you stepped back")
                    .withChoices(List.of(Choice.of(Phase.INSTANTIATION.label()), Choice.of(Phase.RE_ABSTRACTION.label()))),
            text(BUILT, "For instantiation: what you built, one line (optional)").optional()
                    .withMaxLength(LoopLimits.MAX_BUILT));

    public static final CommandSpec CLOSE = CommandSpec.slash("close",
            "Close one of your open loops, or one of this server's, with an outcome",
            LOOP_PICK,
            text(OUTCOME, "How it ended").withChoices(Arrays.stream(Outcome.values())
                    .map(o -> new Choice(o.label(), o.db())).collect(Collectors.toList())),
            text(TAKEAWAY, "One line: what you take away").optional().withMaxLength(LoopLimits.MAX_TAKEAWAY),
            SCOPE_PICK);

    public static final CommandSpec EDIT = CommandSpec.slash("edit",
            "Correct one of your open loops: its concept, its why, or both",
            LOOP_PICK,
            text(CONCEPT, "The new wording of the concept").optional().withMaxLength(LoopLimits.MAX_CONCEPT),
            text(WHY, "The new why").optional().withMaxLength(LoopLimits.MAX_WHY),
            SCOPE_PICK);

    public static final CommandSpec REOPEN = CommandSpec.slash("reopen",
            "Bring back a closed or let-go loop; how it ended stays in its history",
            text(LOOP, "The closed loop (" + PICK_SUGGESTED + ")").withAutocomplete()
                    .withPlaceholder("number or concept"),
            SCOPE_PICK);

    public static final CommandSpec RELATED = CommandSpec.slash("related",
            "Your other loops nearest to one, open and then closed, and why each is near", LOOP_PICK);

    /**
     * {@code /triage} alone walks the caller's untriaged loops one card at a time (buttons on Discord, the next line in
     * the console); with {@code loop} and {@code class} it sets one loop's class directly; with {@code poll} it puts
     * one of the server's shared loops to the group's vote (in the console: a local run on one of the person's own
     * loops, votes typed as lines). {@code poll} is an option, not a subcommand, because Discord does not let a
     * command with subcommands run without one, and {@code /triage} alone must stay the queue.
     */
    public static final CommandSpec TRIAGE_LOOPS = CommandSpec.slash("triage",
            "Sort your untriaged loops: core, adjacent or peripheral; set one loop's class; or poll the group",
            text(LOOP, "One loop to set (" + PICK_SUGGESTED + "); leave out to go through the queue").optional()
                    .withAutocomplete().withPlaceholder("number or concept"),
            text(CLASS, "Its class").optional().withChoices(Triage.CLASSES.stream()
                    .map(t -> new Choice(t.label(), t.db())).collect(Collectors.toList())),
            text(POLL, POLL_SERVER_LOOP + " (" + PICK_SUGGESTED + ")").optional()
                    .withAutocomplete().withPlaceholder("number or concept"),
            number(HOURS, "How long the poll stays open, in hours (default " + PollRules.DEFAULT_HOURS + ")")
                    .optional().withRange(1, PollRules.MAX_HOURS));

    /** {@code /tree}: a picture of the caller's loops (or with {@code scope:server}, of the server's shared lot). */
    /**
     * /tree's scope says who sees the picture: the server's is posted in the channel for everyone, which the shared
     * "this server's shared loops" left to be found out after the post.
     */
    private static final OptionSpec TREE_SCOPE = text(SCOPE,
            "Yours, seen only by you (default), or this server's, posted for everyone: " + IN_A_SERVER_ONLY)
            .optional()
            .withChoices(Arrays.stream(LoopScope.Kind.values()).map(k -> Choice.of(k.label()))
                    .collect(Collectors.toList()));

    public static final CommandSpec TREE = CommandSpec.slash("tree",
            "A picture of your loops: core ones the trunk, adjacent ones branches, peripheral ones leaves",
            TREE_SCOPE);

    public static final CommandSpec FOCUS = CommandSpec.slash("focus", "The work you have active",
            Subcommand.of(SET, "Add something you are working on now",
                    text(TEXT, "What you are working on").withMaxLength(FocusLimits.MAX_TEXT)
                            .withPlaceholder("what you are working on"),
                    text(FOR, "How long, such as 3h, 2d, 1w or 1y (default: until cleared)").optional()
                            .withMaxLength(FocusLimits.MAX_DURATION_TEXT).withPlaceholder("3h, 2d, 1w")),
            Subcommand.of(SHOW, "What you have active, and your quiet hours"),
            Subcommand.of(CLEAR, "Clear one focus item, or all of them",
                    text(ITEM, "The item to clear (default: all)").optional().withAutocomplete()
                            .withPlaceholder("number or text")),
            Subcommand.of(QUIET, "Hours when reminders wait, in your time zone; state:off turns them off",
                    text(FROM, "Start, 24-hour, such as 22:00").optional()
                            .withMaxLength(SettingsService.MAX_TIME_TEXT).withPlaceholder("22:00"),
                    text(TO, "End, 24-hour, such as 08:00").optional()
                            .withMaxLength(SettingsService.MAX_TIME_TEXT).withPlaceholder("08:00"),
                    text(ZONE, "IANA time zone, such as Europe/Berlin (default: the one you gave before)").optional()
                            .withAutocomplete().withMaxLength(64).withPlaceholder("Europe/Berlin"),
                    text(STATE, "off turns quiet hours off (default: on)").optional().withChoices(ON_OFF)),
            Subcommand.of(FOLLOW, "Whether your messages in work-log channels count as focus",
                    text(STATE, "on or off").withChoices(ON_OFF)));

    public static final CommandSpec SETTINGS = CommandSpec.slash("settings", "Server settings for Loopkeeper",
                    Subcommand.of(SHOW, "Every Loopkeeper setting of this server, in one place"),
                    // state:off takes the channel back: a manager who learns that whoever reads it sees members'
                    // loops and whys could otherwise only move them to another channel, never stop posting them.
                    Subcommand.of(REMINDERS, "Where reminders go when someone's DMs are closed; state:off stops it",
                            channel(CHANNEL, "The channel for reminders").optional(),
                            text(STATE, "off: no channel; reminders wait for the person's next command").optional()
                                    .withChoices(List.of(Choice.of(OFF)))),
                    Subcommand.of(POLLS, "Who may start triage polls, and the fewest votes a result needs",
                            role(ROLE, "Members with this role may start polls too (besides Manage Server)").optional(),
                            text(STARTERS, "managers: only people with Manage Server start polls again").optional()
                                    .withChoices(List.of(Choice.of(MANAGERS))),
                            number(QUORUM, "The fewest votes a poll's result needs (default 3)").optional()
                                    .withRange(1, SettingsService.MAX_QUORUM)),
                    Subcommand.of(ZONE, "The time zone members' weekly nudges default to",
                            text(ZONE, "IANA time zone, such as Europe/Berlin").withAutocomplete().withMaxLength(64)
                                    .withPlaceholder("Europe/Berlin")),
                    Subcommand.of(DIGEST, "A weekly digest of the shared loops in a channel; state:off stops it",
                            channel(CHANNEL, "The channel for the digest").optional(),
                            // Only off: state:off forgets the channel, so an "on" had nothing to bring back.
                            text(STATE, "off stops the digest").optional().withChoices(List.of(Choice.of(OFF)))),
                    Subcommand.of(CAPS, "The most reminders a member gets a day from work in this server",
                            number(DAILY, "At most this many a day per member, up to the bot's own limit").optional()
                                    .withRange(1, MOST_DAILY_CAP),
                            text(STATE, "off: no server cap, only the bot's own limit").optional()
                                    .withChoices(List.of(Choice.of(OFF)))))
            .withGroups(Group.of(WORKLOG, "Channels whose messages count as focus",
                    Subcommand.of(ADD, "Mark a channel as a work log", channel(CHANNEL, "The channel")),
                    Subcommand.of(REMOVE, "Unmark a work-log channel", channel(CHANNEL, "The channel")),
                    Subcommand.of(LIST, "The work-log channels")))
            .forServerManagers()
            .discordOnly();

    public static final CommandSpec HELP = CommandSpec.slash("help",
            "What Loopkeeper is for, every command, and how reminders decide", new OptionSpec[0]);

    /** The weekly re-abstraction nudge (issue 14): when it comes, and a preview at once. */
    public static final CommandSpec NUDGE = CommandSpec.slash("nudge",
            "Your weekly nudge: what your loops taught you this week",
            Subcommand.of(SET, "Set the day and time of your weekly nudge",
                    text(DAY, "Weekday, such as sunday").withAutocomplete().withMaxLength(12).withPlaceholder("sunday"),
                    text(TIME, "24-hour time, such as 18:00").withMaxLength(SettingsService.MAX_TIME_TEXT)
                            .withPlaceholder("18:00"),
                    text(ZONE, "IANA time zone (default: the one you gave before)").optional().withAutocomplete()
                            .withMaxLength(64).withPlaceholder("Europe/Berlin")),
            Subcommand.of(SHOW, "When your next nudge comes"),
            Subcommand.of(OFF_NOW, "Turn your weekly nudge off"),
            Subcommand.of(NOW, "Show this week's nudge now (a preview)"));

    public static final CommandSpec REFLECTIONS = CommandSpec.slash("reflections",
            "What you wrote when your nudges asked; all, or on one loop",
            text(LOOP, "One loop (number or concept; default: all)").optional().withAutocomplete()
                    .withPlaceholder("number or concept"),
            // Ten to a page: a year of weekly answers is five pages, reached with Prev/Next on Discord or page:.
            number(PAGE, "Which page, from 1").optional());

    /** On Discord the Reflect button under a nudge opens a form; in the console the answer is typed. */
    public static final CommandSpec REFLECT = CommandSpec.slash("reflect",
                    "Answer a question your nudge asked: saved on the loop",
                    text(LOOP, "The loop the question was about").withPlaceholder("number or concept"),
                    text(TEXT, "Your answer").withPlaceholder("your answer").withMaxLength(NudgeService.MAX_REFLECTION))
            .consoleOnly();

    /** On Discord the Keep button under a nudge's untouched loops does this; in the console it is typed. */
    public static final CommandSpec KEEP = CommandSpec.slash("keep",
                    "Keep a peripheral loop a nudge offered to let go: its clock restarts",
                    text(LOOP, "The loop to keep").withPlaceholder("number or concept"))
            .consoleOnly();

    /** On Discord a reminder carries buttons; in the console the person types what they would have clicked. */
    public static final CommandSpec REMIND = CommandSpec.slash("remind", "Act on a loop a reminder showed you",
                    text(LOOP, "The loop: its number in the reminder, its concept, or a part of it")
                            .withPlaceholder("number or concept"),
                    text(ACTION, "What to do with it").withChoices(List.of(Choice.of(OPEN_IT), Choice.of(SNOOZE),
                            Choice.of(NOT_RELEVANT), Choice.of(LET_GO), Choice.of(UNDO))),
                    text(UNTIL, "For snooze: 1 week, until this focus ends, or until the weekly review").optional()
                            .withChoices(List.of(Choice.of(WEEK), Choice.of(FOCUS_ENDS), Choice.of(REVIEW))))
            .consoleOnly();

    /** On Discord the **Merge into #n** button under a near-duplicate park does this; in the console it is typed. */
    public static final CommandSpec MERGE = CommandSpec.slash("merge",
                    "Merge a loop into another: it closes as merged, its why and source join the other",
                    text(LOOP, "The loop to merge").withPlaceholder("number or concept"),
                    text(INTO, "The loop it joins").withPlaceholder("number or concept"))
            .consoleOnly();

    public static final CommandSpec EXPORT = CommandSpec.slash("export",
            "Everything Loopkeeper keeps of yours, as a file: Markdown, JSON or CSV",
            text(FORMAT, "Markdown for a notes vault, JSON to import again, CSV for a spreadsheet")
                    .withChoices(Arrays.stream(ExportFormat.values()).map(f -> Choice.of(f.label()))
                            .collect(Collectors.toList())));

    public static final CommandSpec IMPORT = CommandSpec.slash("import",
            "Restore a JSON export of yours; what is already here stays as it is",
            file(FILE, "A JSON file made by /export format:json"));

    public static final CommandSpec FORGET_ME = CommandSpec.slash("forget-me",
            "Delete everything Loopkeeper keeps of yours, once you confirm");

    /** Every command, in the order help and registration list them. */
    public static final List<CommandSpec> ALL = List.of(PARK, PARK_MESSAGE, LOOPS, OPEN, PROGRESS, CLOSE, EDIT, REOPEN,
            RELATED, TRIAGE_LOOPS, TREE, FOCUS, NUDGE, REFLECTIONS, SETTINGS, HELP, REMIND, MERGE, REFLECT, KEEP, EXPORT,
            IMPORT, FORGET_ME);

    private Commands() {
    }

    /** The commands Discord registers. */
    public static List<CommandSpec> discord() {
        return ALL.stream().filter(c -> c.reach().onDiscord()).collect(Collectors.toList());
    }

    /** The commands the console takes. */
    public static List<CommandSpec> console() {
        return ALL.stream().filter(c -> c.reach().onConsole()).collect(Collectors.toList());
    }

    public static Optional<CommandSpec> named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
