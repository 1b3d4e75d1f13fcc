package dev.loopkeeper.console;

import static dev.loopkeeper.command.Commands.ACTION;
import static dev.loopkeeper.command.Commands.BUILT;
import static dev.loopkeeper.command.Commands.CLASS;
import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.FILE;
import static dev.loopkeeper.command.Commands.FOR;
import static dev.loopkeeper.command.Commands.FORMAT;
import static dev.loopkeeper.command.Commands.FROM;
import static dev.loopkeeper.command.Commands.HOURS;
import static dev.loopkeeper.command.Commands.INTO;
import static dev.loopkeeper.command.Commands.ITEM;
import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.OFF;
import static dev.loopkeeper.command.Commands.ON;
import static dev.loopkeeper.command.Commands.OUTCOME;
import static dev.loopkeeper.command.Commands.PAGE;
import static dev.loopkeeper.command.Commands.POLL;
import static dev.loopkeeper.command.Commands.PHASE;
import static dev.loopkeeper.command.Commands.QUERY;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.STATE;
import static dev.loopkeeper.command.Commands.STATUS;
import static dev.loopkeeper.command.Commands.TAKEAWAY;
import static dev.loopkeeper.command.Commands.TEXT;
import static dev.loopkeeper.command.Commands.TO;
import static dev.loopkeeper.command.Commands.TRIAGE;
import static dev.loopkeeper.command.Commands.UNTIL;
import static dev.loopkeeper.command.Commands.WHY;
import static dev.loopkeeper.command.Commands.ZONE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.help.HintService;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.OwnershipMessages;
import dev.loopkeeper.poll.PollAnswer;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollRules;
import dev.loopkeeper.poll.PollService;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeSchedule;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.Reflection;
import dev.loopkeeper.nudge.ReflectionPage;
import dev.loopkeeper.reminder.ReminderAction;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderService;
import dev.loopkeeper.reminder.ReminderStore;
import dev.loopkeeper.search.SearchMessages;
import dev.loopkeeper.search.SearchService;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.triage.CardAnswer;
import dev.loopkeeper.triage.Tally;
import dev.loopkeeper.triage.TriageCard;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import dev.loopkeeper.tree.Tree;
import dev.loopkeeper.tree.TreeMessages;
import dev.loopkeeper.tree.TreePicture;
import dev.loopkeeper.tree.TreeService;
import dev.loopkeeper.storage.DatabaseBusyException;
import java.time.Instant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal front: the registry's console commands ({@link Commands#console()}), one per line, for one local
 * person. It reads standard input, so it can be scripted, and says everything in the same words as the Discord
 * front. Where Discord shows buttons, the console takes a command ({@code /remind}) or asks on the next line.
 */
public final class ConsoleFront {
    /** The console's single person. */
    public static final String LOCAL_USER = ConsolePerson.ID;
    private static final Logger log = LoggerFactory.getLogger(ConsoleFront.class);

    /** One command's work: reads the parsed line, may ask a question, returns the answer to print. */
    @FunctionalInterface
    private interface Handler {
        String answer(ConsoleLine line, ConsoleInput input) throws IOException;
    }

    private final LoopService loops;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderService reminderService;
    private final LoopMessages loopMessages;
    private final FocusMessages focusMessages;
    private final ReminderMessages reminderMessages;
    private final TriageService triage;
    private final TriageMessages triageMessages;
    private final PollService polls;
    private final SearchService search;
    private final SearchMessages searchMessages;
    private final HelpMessages help;
    private final HintService hints;
    private final NudgeService nudges;
    private final int pageSize;
    /** How moments read here: dates in the person's zone, then how far away. */
    private final TimeText time;
    private final TreeService trees;
    private final Path treeFolder;
    private final ConsoleNotifier reminders;
    private final Map<String, Handler> handlers;
    private final ConsoleData data;
    private Runnable dueMail = () -> { };

    /** A console whose reminders arrive through its own notifier (see {@link #notifier()}). */
    public ConsoleFront(LoopService loops, FocusService focus, SettingsService settings, ReminderService reminderService,
            TriageService triage, PollService polls, NudgeService nudges, LoopMessages loopMessages, FocusMessages focusMessages,
            ReminderMessages reminderMessages, TriageMessages triageMessages, SearchService search,
            SearchMessages searchMessages, HelpMessages help, HintService hints, DataService dataService,
            Path exportFolder, TreeService trees, Path treeFolder, int pageSize, TimeText time) {
        this.time = time;
        this.trees = trees;
        this.treeFolder = treeFolder;
        this.data = new ConsoleData(dataService, new OwnershipMessages(), exportFolder,
                treeFolder.resolve(TreePicture.FILE_NAME));
        this.search = search;
        this.searchMessages = searchMessages;
        this.help = help;
        this.hints = hints;
        this.triage = triage;
        this.polls = polls;
        this.nudges = nudges;
        this.triageMessages = triageMessages;
        this.loops = loops;
        this.focus = focus;
        this.settings = settings;
        this.reminderService = reminderService;
        this.loopMessages = loopMessages;
        this.focusMessages = focusMessages;
        this.reminderMessages = reminderMessages;
        this.pageSize = pageSize;
        this.reminders = new ConsoleNotifier(reminderMessages, ConsoleFront::nudgeText);
        this.handlers = Map.ofEntries(
                Map.entry(Commands.PARK.name(), (line, input) -> park(line)),
                Map.entry(Commands.MERGE.name(), (line, input) -> merge(line)),
                Map.entry(Commands.LOOPS.name(), (line, input) -> loops(line)),
                Map.entry(Commands.OPEN.name(), (line, input) -> open(line)),
                Map.entry(Commands.PROGRESS.name(), this::progress),
                Map.entry(Commands.CLOSE.name(), (line, input) -> close(line)),
                Map.entry(Commands.EDIT.name(), (line, input) -> edit(line)),
                Map.entry(Commands.REOPEN.name(), (line, input) -> reopen(line)),
                Map.entry(Commands.RELATED.name(), (line, input) -> related(line)),
                Map.entry(Commands.TRIAGE_LOOPS.name(), this::triage),
                Map.entry(Commands.TREE.name(), (line, input) -> tree(line)),
                Map.entry(Commands.FOCUS.name(), (line, input) -> focus(line)),
                Map.entry(Commands.HELP.name(), (line, input) -> help()),
                Map.entry(Commands.REMIND.name(), this::remind),
                Map.entry(Commands.NUDGE.name(), (line, input) -> nudge(line)),
                Map.entry(Commands.REFLECT.name(), (line, input) -> reflect(line)),
                Map.entry(Commands.REFLECTIONS.name(), (line, input) -> reflections(line)),
                Map.entry(Commands.KEEP.name(), (line, input) -> keep(line)),
                Map.entry(Commands.EXPORT.name(), (line, input) -> data.export(LOCAL_USER,
                        choice(line, FORMAT).orElseThrow(() -> new InvalidInputException(
                                ConsoleMessages.needs(line, FORMAT))))),
                Map.entry(Commands.IMPORT.name(), (line, input) -> data.importFile(LOCAL_USER, required(line, FILE))),
                Map.entry(Commands.FORGET_ME.name(), (line, input) -> data.forget(LOCAL_USER, input)));
        Set<String> declared = Commands.console().stream().map(c -> c.name()).collect(Collectors.toSet());
        if (!handlers.keySet().equals(declared)) {
            throw new IllegalStateException("The console's commands " + handlers.keySet()
                    + " differ from the registry's " + declared);
        }
    }

    /** Where reminders go while this console runs: they are printed after the command that caused them. */
    public Courier notifier() {
        return reminders;
    }

    /**
     * What hands the local person's due mail (a weekly nudge whose time came, a reminder whose quiet hours ended) to
     * {@link #notifier()}: run when the console starts and before each line is answered; it prints after the answer.
     * (Mail a command itself makes due is delivered by the feature that made it.)
     */
    public void checkMailWith(Runnable dueMail) {
        this.dueMail = dueMail;
    }

    /**
     * What the console says while it gives {@code loops} loops their vectors before its welcome (after an import it was
     * quit during, or the first start after an update of the model or the concept map).
     */
    public static String preparing(long loops) {
        return ConsoleMessages.preparing(loops);
    }

    /** Reads commands until {@code quit} or the end of input; {@code prompt} is shown before each line when set. */
    public void run(BufferedReader in, PrintStream out, boolean prompt) {
        ConsoleInput input = new ConsoleInput(in, out, prompt);
        out.println(ConsoleMessages.welcome());
        collectDueMail();
        printReminders(out);
        try {
            String line;
            while ((line = input.nextCommand()) != null) {
                String word = (line.startsWith("/") ? line.substring(1) : line).toLowerCase(Locale.ROOT);
                if (word.equals("quit") || word.equals("exit")) {
                    return;
                }
                // What fell due since the last line goes first, so the answer reads the state after it (a /nudge show
                // typed as the nudge falls due names the next one); it prints after the answer, with what the
                // command itself brought.
                collectDueMail();
                String answer = word.startsWith("help ") && !word.contains(":") ? helpFor(word.substring(5).strip())
                        : answer(word.equals("help") ? "/help" : line, input);
                if (!answer.isEmpty()) {
                    out.println(plain(answer));
                }
                printReminders(out);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collectDueMail() {
        try {
            dueMail.run();
        } catch (RuntimeException e) {
            // What is due stays in the database for the next command; this one's answer stands.
            log.error("Checking for due mail failed", e);
        }
    }

    private void printReminders(PrintStream out) {
        for (String reminder : reminders.drain()) {
            out.println(plain(reminder));
        }
    }

    private String answer(String text, ConsoleInput input) throws IOException {
        if (ConsoleInput.unreadable(text)) {
            return ConsoleMessages.notUtf8();
        }
        try {
            ConsoleLine line = ConsoleLine.parse(text, Commands.console());
            return handlers.get(line.command()).answer(line, input);
        } catch (InvalidInputException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return failed(text, e);
        }
    }

    private String park(ConsoleLine line) {
        personalOnly(line);
        ParkResult result = loops.park(new ParkRequest(LOCAL_USER, required(line, CONCEPT), line.options().get(WHY),
                Origin.none()));
        if (result instanceof ParkResult.AlreadyOpen alreadyOpen) {
            return loopMessages.alreadyOpen(alreadyOpen);
        }
        ParkResult.Parked parked = (ParkResult.Parked) result;
        return loopMessages.parked(parked) + parked.closeTo()
                .map(close -> "\n" + loopMessages.mergeHint(parked.loop().id(), close.id())).orElse("")
                + hints.afterPark(LOCAL_USER, HelpMessages.Front.CONSOLE).map(hint -> "\n" + hint).orElse("")
                + triage.matchingFocus(parked.loop()).map(focus -> "\n" + TriageMessages.matchesFocus(focus) + " "
                        + ConsoleMessages.coreHint(parked.loop().id())).orElse("");
    }

    private String help() {
        List<String> top = new ArrayList<>(HelpMessages.intro());
        HelpMessages.next(loops.countOpen(LOCAL_USER) > 0, !focus.active(LOCAL_USER).isEmpty())
                .ifPresent(line -> top.add("\n" + line));
        return ConsoleMessages.help(top, help.sections(Commands.console(), HelpMessages.Front.CONSOLE));
    }

    /**
     * {@code help <command>}: the command's lines (each subcommand's), each option under them with its length limit, as
     * the list names it; {@code help focus set} shows that subcommand alone, {@code help focus} all of them, and
     * {@code help quit} says what quit does.
     */
    private static String helpFor(String typed) {
        List<String> words = List.of((typed.startsWith("/") ? typed.substring(1) : typed).strip().split("\\s+"));
        String name = words.get(0);
        if (name.equals("quit") || name.equals("exit") || name.equals("help")) {
            return ConsoleMessages.sessionHelp();
        }
        List<String> path = words.subList(1, words.size());
        return Commands.console().stream().filter(c -> c.name().equals(name)).findFirst()
                .map(c -> HelpMessages.consoleDetail(c, path).map(lines -> String.join("\n", lines))
                        .orElseGet(() -> ConsoleMessages.noSuchPart(name, String.join(" ", path),
                                HelpMessages.parts(c))))
                .orElseGet(() -> Commands.named(name).isPresent() ? ConsoleLine.discordOnly(name)
                        : ConsoleMessages.noHelpFor(typed));
    }

    private String edit(ConsoleLine line) {
        personalOnly(line);
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        return loopMessages.edited(loops.edit(LoopScope.personal(LOCAL_USER), Actor.person(LOCAL_USER), loop.id(),
                line.options().get(CONCEPT), line.options().get(WHY)));
    }

    private String reopen(ConsoleLine line) {
        personalOnly(line);
        LoopScope scope = LoopScope.personal(LOCAL_USER);
        Actor actor = Actor.person(LOCAL_USER);
        OpenLoop loop = loops.resolveClosed(scope, actor, required(line, LOOP));
        return loopMessages.reopened(loops.reopen(scope, actor, loop.id()));
    }

    private String related(ConsoleLine line) {
        SearchService.Related related = search.related(LOCAL_USER, required(line, LOOP));
        String hint = searchMessages.relatedConsoleHint(related);
        return searchMessages.relatedTitle(related) + "\n" + searchMessages.relatedBody(related)
                + (hint.isEmpty() ? "" : "\n" + hint);
    }

    private String merge(ConsoleLine line) {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        OpenLoop into = loops.resolve(LOCAL_USER, required(line, INTO));
        return loopMessages.merged(loops.merge(LOCAL_USER, loop.id(), into.id()));
    }

    private String loops(ConsoleLine line) {
        personalOnly(line);
        Map<String, String> options = line.options();
        int page = Optional.ofNullable(options.get(PAGE)).map(ConsoleFront::pageNumber).orElse(1);
        if (options.containsKey(QUERY)) {
            LoopFilter filter = LoopFilter.parseForSearch(options.get(STATUS), options.get(TRIAGE));
            SearchService.Results results = search.search(LoopScope.personal(LOCAL_USER), Actor.person(LOCAL_USER),
                    options.get(QUERY), filter, page - 1);
            if (page - 1 > results.page() && results.found() > 0) {
                return SearchMessages.pastLastPage(ConsoleMessages.echo(options.get(PAGE).strip()), results);
            }
            String footer = searchMessages.resultsFooter(results);
            // The query last: a value runs to the end of the line, so the line reads back as it was typed.
            String next = results.hasNext() ? " \u00b7 next: /loops" + (options.containsKey(STATUS) ? " " + STATUS + ":"
                    + filter.stage().label() : "") + filter.triage().map(t -> " " + TRIAGE + ":" + t.label()).orElse("")
                    + " " + PAGE + ":" + (results.page() + 2) + " " + QUERY + ":" + results.query() : "";
            return searchMessages.resultsTitle(results) + "\n" + searchMessages.resultsBody(results)
                    + (footer == null ? "" : "\n" + footer + next);
        }
        LoopFilter filter = LoopFilter.parse(options.get(STATUS), options.get(TRIAGE));
        LoopPage shown = loops.list(LOCAL_USER, filter, page - 1, pageSize);
        if (page - 1 > shown.page()) {
            String asked = ConsoleMessages.echo(options.get(PAGE).strip());
            return LoopMessages.pastLastPage(asked, loopMessages.pageTitle(shown), shown.pageCount(), shown.total());
        }
        String footer = loopMessages.pageFooter(shown) + (shown.hasNext() ? " · next: " + loopsCommand(filter)
                + " page:" + (shown.page() + 2) : "");
        return loopMessages.pageTitle(shown) + "\n" + loopMessages.pageBody(shown) + (footer.isEmpty() ? "" : "\n" + footer);
    }

    /** The {@code /loops} line that shows this filter again, for the "next" hint. */
    private static String loopsCommand(LoopFilter filter) {
        String status = filter.stage() == LoopFilter.Stage.OPEN ? "" : " " + STATUS + ":" + filter.stage().label();
        return "/loops" + status + filter.triage().map(Triage::label).map(t -> " " + TRIAGE + ":" + t).orElse("");
    }

    private String open(ConsoleLine line) {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        boolean already = loop.isUnderWay();
        OpenLoop active = loops.activate(LOCAL_USER, loop.id());
        return (already ? loopMessages.stillActive(active) : LoopMessages.activated(active)) + "\n"
                + ConsoleMessages.progressHint(active);
    }

    /**
     * What the phase buttons do on Discord: instantiation asks on the next line what was built (optional) unless
     * {@code built} gave it; re-abstraction is recorded at once.
     */
    private String progress(ConsoleLine line, ConsoleInput input) throws IOException {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        required(line, PHASE);
        Phase phase = Phase.fromDb(choice(line, PHASE).orElseThrow());
        String built = line.options().get(BUILT);
        if (phase == Phase.INSTANTIATION && built == null && loop.phase() != Phase.INSTANTIATION) {
            // Already building: with nothing new said, nothing changes, and the answer says so without a question.
            built = input.ask(ConsoleMessages.whatDidYouBuild(), ConsoleMessages.noBuildNote()).orElse(null);
        }
        LoopService.Progress progress = loops.progress(LOCAL_USER, loop.id(), phase, built);
        return loopMessages.progressed(progress) + (progress.loop().isOpen()
                ? "\n" + ConsoleMessages.progressHint(progress.loop()) : "");
    }

    private String close(ConsoleLine line) {
        personalOnly(line);
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        // Read as every other choice is (so "letgo" is let go, as on a triage card), refused with the outcomes named.
        String typed = required(line, OUTCOME);
        Outcome outcome = Outcome.fromDb(pick(spec(line, OUTCOME), typed,
                () -> LoopErrors.unknownOutcome(typed.strip())));
        return loopMessages.closed(loops.close(LOCAL_USER, loop.id(), outcome, line.options().get(TAKEAWAY)));
    }

    /**
     * {@code /triage} alone: the next card, answered on the next line (core, adjacent, peripheral, let go, skip) until
     * the queue ends; a command line or the end of input stops it and the summary shows what was decided. With
     * {@code loop} and {@code class}: sets one.
     */
    private String triage(ConsoleLine line, ConsoleInput input) throws IOException {
        String loopText = line.options().get(LOOP);
        Optional<String> chosen = choice(line, CLASS);
        String pollText = line.options().get(POLL);
        if (pollText != null) {
            if (loopText != null || chosen.isPresent()) {
                throw new InvalidInputException(PollMessages.localNotWithLoopOrClass());
            }
            return localPoll(pollText, line.options().get(HOURS), input);
        }
        if (line.options().get(HOURS) != null) {
            throw new InvalidInputException(PollMessages.localHoursNeedPoll());
        }
        if ((loopText == null || loopText.isBlank()) && chosen.isEmpty()) {
            return triageQueue(input);
        }
        if (loopText == null || loopText.isBlank()) {
            throw new InvalidInputException(TriageMessages.classNeedsLoop());
        }
        if (chosen.isEmpty()) {
            throw new InvalidInputException(TriageMessages.loopNeedsClass());
        }
        OpenLoop loop = loops.resolve(LOCAL_USER, loopText);
        return TriageMessages.classified(triage.classify(LOCAL_USER, loop.id(), Triage.fromDb(chosen.get())));
    }

    /**
     * {@code /triage poll:<loop>}: the console has no server and no group, so the poll runs locally on one of the
     * person's own loops: each vote typed on its own line stands for a member's, {@code done} or an empty line ends it
     * (so does a command line, or the end of input), and the same service decides it by the same rules (quorum, ties)
     * and writes the class back. {@code hours} is checked as on Discord but there is no timer here.
     */
    private String localPoll(String loopText, String hoursText, ConsoleInput input) throws IOException {
        if (hoursText != null) {
            String typed = hoursText.strip();
            long hours = wholeNumber(typed).orElseThrow(() -> new InvalidInputException("hours takes a whole number of "
                    + "hours from 1 to " + PollRules.MAX_HOURS + ", such as 24, not '" + ConsoleMessages.echo(typed)
                    + "'. Nothing was changed."));
            if (hours < 1 || hours > PollRules.MAX_HOURS) {
                throw new InvalidInputException(PollMessages.hoursOutOfRange(ConsoleMessages.echo(typed)));
            }
        }
        TriagePoll poll = polls.startLocal(LOCAL_USER, loopText);
        String question = PollMessages.localIntro(poll, polls.quorum(poll)) + "\n";
        PollVotes votes = PollVotes.NONE;
        while (true) {
            Optional<String> typed = input.ask(question + PollMessages.votePrompt(votes), PollMessages.localEnded());
            question = "";
            if (typed.isEmpty() || typed.get().equalsIgnoreCase("done")) {
                break;
            }
            Optional<PollAnswer> answer = PollAnswer.parse(typed.get());
            if (answer.isEmpty()) {
                question = PollMessages.notAVote(typed.get()) + "\n";
                continue;
            }
            votes = votes.plus(answer.get());
        }
        return PollMessages.result(polls.finishLocal(poll.id(), votes));
    }

    private String triageQueue(ConsoleInput input) throws IOException {
        Instant since = triage.startPass();
        Tally tally = Tally.NONE;
        // A line printed above the next card: the last answer was not one of the choices, or its card's loop was
        // closed or classified elsewhere meanwhile (another process on the same database), which changed nothing.
        String before = "";
        Optional<TriageCard> card;
        while ((card = triage.next(LOCAL_USER, since)).isPresent()) {
            Optional<String> answer = input.ask(before + plain(triageMessages.card(card.get())) + "\n"
                    + ConsoleMessages.triageHow(), ConsoleMessages.triageStopped());
            if (answer.isEmpty()) {
                // Stopped before the queue ran out: the summary counts what was decided, and says nothing when nothing
                // was (the line above already said where it stopped).
                return tally.equals(Tally.NONE) ? "" : TriageMessages.summary(tally);
            }
            long id = card.get().loop().id();
            Optional<CardAnswer> chosen = CardAnswer.of(ConsoleMessages.triageChoice(answer.get()));
            if (chosen.isEmpty()) {
                before = ConsoleMessages.notATriageAnswer(answer.get()) + "\n";
                continue;
            }
            Optional<Tally> after = triage.answer(LOCAL_USER, id, chosen.get(), tally);
            before = after.isPresent() ? ""
                    : plain(TriageMessages.decidedElsewhere(triage.elsewhere(LOCAL_USER, id))) + "\n";
            tally = after.orElse(tally);
        }
        return before + TriageMessages.summary(tally, loops.countOpen(LOCAL_USER) > 0,
                triage.untriaged(LOCAL_USER));
    }

    private String focus(ConsoleLine line) {
        Map<String, String> options = line.options();
        return switch (line.subcommand().orElseThrow()) {
            case Commands.SET -> {
                // The console decides at once (the bot decides after its answer): a match the daily cap or quiet hours
                // hold back is said here, with when it comes or that its focus ends first, where Discord says it when
                // the reminder comes. That line then says what comes of the focus, in place of the answer's last sentence.
                FocusService.Added added = focus.set(LOCAL_USER, required(line, TEXT),
                        Optional.ofNullable(options.get(FOR)), FocusSource.COMMAND, null, null);
                List<ReminderStore.Held> waiting = reminderService.waitingFor(LOCAL_USER, added.focus().id());
                yield waiting.isEmpty() ? focusMessages.set(added, settings.person(LOCAL_USER))
                        : focusMessages.setHeadline(added) + "\n"
                                + reminderMessages.waiting(waiting, added.focus().expiresAt());
            }
            case Commands.SHOW -> focusMessages.show(focus.show(LOCAL_USER), settings.person(LOCAL_USER));
            case Commands.QUIET -> focusMessages.quiet(settings.quietHours(LOCAL_USER,
                    OFF.equals(choice(line, STATE).orElse(ON)), options.get(FROM), options.get(TO), options.get(ZONE)));
            case Commands.FOLLOW -> {
                required(line, STATE);
                boolean follow = ON.equals(choice(line, STATE).orElseThrow());
                if (follow) {
                    // The console's person writes in no Discord channel: nothing could be followed.
                    throw new InvalidInputException(ConsoleMessages.noWorklogHere());
                }
                yield focusMessages.follow(settings.setFollowWorklog(LOCAL_USER, false));
            }
            default -> {
                String item = options.get(ITEM);
                yield item == null || item.isBlank() ? focusMessages.cleared(focus.clearAll(LOCAL_USER))
                        : focusMessages.clearedOne(focus.clearOne(LOCAL_USER, item));
            }
        };
    }

    /** What a reminder's buttons do on Discord: open, snooze (asking how long when not told), not relevant, let go. */
    private String remind(ConsoleLine line, ConsoleInput input) throws IOException {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        required(line, ACTION);
        String chosen = choice(line, ACTION).orElseThrow(); // a bad action is named before the reminder is looked for
        if (line.options().containsKey(UNTIL) && !chosen.equals(Commands.SNOOZE)) {
            throw new InvalidInputException(ConsoleMessages.untilIsForSnooze());
        }
        long reminderId = reminderService.latestShown(LOCAL_USER, loop.id())
                .orElseThrow(() -> new InvalidInputException(ConsoleMessages.notInAReminder(loop)));
        if (chosen.equals(Commands.UNDO)) {
            return reminderMessages.notRelevantUndone(reminderService.undoNotRelevant(LOCAL_USER, reminderId, loop.id()));
        }
        ReminderAction action;
        switch (chosen) {
            case Commands.OPEN_IT -> action = ReminderAction.OPEN;
            case Commands.NOT_RELEVANT -> action = ReminderAction.NOT_RELEVANT;
            case Commands.LET_GO -> action = ReminderAction.LET_GO;
            default -> {
                reminderService.snoozableLoop(LOCAL_USER, reminderId, loop.id()); // refused before asking how long
                Optional<String> until = line.options().containsKey(UNTIL) ? choice(line, UNTIL)
                        : input.ask(plain(reminderMessages.snoozeChoice(loop)) + " " + ConsoleMessages.snoozeHow(),
                                ConsoleMessages.notSnoozed()).map(answer -> answerOf(line, UNTIL, answer));
                if (until.isEmpty()) {
                    return "";
                }
                action = switch (until.get()) {
                    case Commands.WEEK -> ReminderAction.SNOOZE_WEEK;
                    case Commands.FOCUS_ENDS -> ReminderAction.SNOOZE_FOCUS;
                    default -> ReminderAction.SNOOZE_REVIEW;
                };
            }
        }
        ReminderService.Acted acted = reminderService.act(LOCAL_USER, reminderId, loop.id(), action);
        OpenLoop after = acted.loop();
        if (action == ReminderAction.SNOOZE_REVIEW) {
            return reminderMessages.snoozedUntilReview(after, reminderService.review(LOCAL_USER));
        }
        return reminderMessages.done(action, acted)
                + (action == ReminderAction.OPEN ? "\n" + ConsoleMessages.progressHint(after) : "")
                + (action == ReminderAction.NOT_RELEVANT && !acted.again() ? "\n" + ConsoleMessages.undoHint(loop.id())
                        : "");
    }

    /** {@code /nudge}: the schedule, and at {@code now} the nudge itself with what to type in place of its buttons. */
    private String nudge(ConsoleLine line) {
        Map<String, String> options = line.options();
        return switch (line.subcommand().orElseThrow()) {
            case Commands.SET -> {
                // One local person on their own machine: with no zone given here or before, the nudge follows the
                // zone the console's dates are read in (UTC until one is given), and says so, rather than asking.
                String zone = options.get(ZONE);
                PersonSettings person = settings.person(LOCAL_USER);
                boolean assumed = (zone == null || zone.isBlank()) && person.givenZone().isEmpty();
                NudgeSchedule schedule = nudges.set(LOCAL_USER, options.get(Commands.DAY), options.get(Commands.TIME),
                        assumed ? person.zone().getId() : zone, null);
                yield NudgeMessages.set(schedule, when(schedule))
                        + (assumed ? " " + ConsoleMessages.zoneAssumed(schedule.slot().zone()) : "");
            }
            case Commands.SHOW -> nudges.shown(LOCAL_USER)
                    .map(s -> NudgeMessages.shown(s.schedule(), when(s.schedule()), s.backingOff()))
                    .orElse(NudgeMessages.notSet());
            case Commands.OFF_NOW -> NudgeMessages.off(nudges.off(LOCAL_USER));
            default -> nudgeText(nudges.preview(LOCAL_USER));
        };
    }

    /**
     * The next run as the console spells every moment, in the person's zone (the nudge's own: one zone per
     * person), such as "Sun 29 Nov 18:00 CET, in 3 days".
     */
    private String when(NudgeSchedule schedule) {
        return schedule.nextRun().map(next -> time.dateAndDistance(next.toInstant())).orElse("none");
    }

    /** A nudge as the console prints it: the same text, with the line to type under each question. */
    static String nudgeText(Nudge nudge) {
        List<Long> loopIds = nudge.prompts().stream().map(p -> p.loopId()).toList();
        return NudgeMessages.nudge(nudge, n -> ConsoleMessages.reflectHint(loopIds.get(n - 1)),
                nudge.untouched().isEmpty() ? "" : "\n" + ConsoleMessages.letGoHint());
    }

    private String reflect(ConsoleLine line) {
        Reflection saved = nudges.reflect(LOCAL_USER, required(line, LOOP), required(line, TEXT));
        return NudgeMessages.reflected(saved);
    }

    private String keep(ConsoleLine line) {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(line, LOOP));
        if (loop.triage() != Triage.PERIPHERAL) {
            // Only peripheral loops are offered to let go; keeping another one would answer a question never asked.
            throw new InvalidInputException(NudgeMessages.keepIsForPeripheral(loop.id()));
        }
        return NudgeMessages.kept(nudges.keep(LOCAL_USER, List.of(loop.id())));
    }

    private String reflections(ConsoleLine line) {
        String loop = line.options().get(LOOP);
        String asked = line.options().get(PAGE);
        int wanted = asked == null ? 1 : pageNumber(asked);
        ReflectionPage page = nudges.reflections(LOCAL_USER, loop, wanted - 1);
        if (page.total() == 0) {
            return NudgeMessages.reflectionsEmpty(page.loopId() != null, "/reflect loop:<its #> text:<your answer> "
                    + "answers a weekly nudge's question (/nudge now shows this week's).");
        }
        if (wanted - 1 > page.page()) {
            return NudgeMessages.reflectionsPastLastPage(ConsoleMessages.echo(asked.strip()), page);
        }
        return NudgeMessages.reflections(page, time::date, " · next: /reflections"
                + (page.loopId() == null ? "" : " " + LOOP + ":" + page.loopId()) + " " + PAGE + ":" + (page.page() + 2));
    }

    /**
     * {@code /tree}: draws the local person's tree and writes it to {@code knowledge-tree.png} in the tree folder (beside
     * the database), replacing the last one; the answer ends with the file's absolute path on a line of its own.
     */
    private String tree(ConsoleLine line) {
        if (choice(line, SCOPE).map(LoopScope.Kind.SERVER.label()::equals).orElse(false)) {
            throw new InvalidInputException(TreeMessages.serverTreeNeedsServer());
        }
        Optional<TreePicture> picture = trees.picture(LoopScope.personal(LOCAL_USER), Actor.person(LOCAL_USER));
        if (picture.isEmpty()) {
            return TreeMessages.empty(false);
        }
        Path file = ConsoleFiles.write(treeFolder, TreePicture.FILE_NAME, picture.get().png(), TreeMessages::cannotSave);
        Tree tree = picture.get().tree();
        return TreeMessages.saved(tree, file.toString());
    }

    /** The console is one person's, with no server: {@code scope:server} is refused, saying where server loops live. */
    private static void personalOnly(ConsoleLine line) {
        if (choice(line, SCOPE).map(LoopScope.Kind.SERVER.label()::equals).orElse(false)) {
            throw new InvalidInputException(ConsoleMessages.serverLoopsLiveOnDiscord());
        }
    }

    /** The registry's value for what was typed for an option with choices, or a message naming them. */
    private static Optional<String> choice(ConsoleLine line, String option) {
        String typed = line.options().get(option);
        return typed == null || typed.isBlank() ? Optional.empty() : Optional.of(choiceOf(line, option, typed));
    }

    private static String choiceOf(ConsoleLine line, String option, String typed) {
        OptionSpec spec = spec(line, option);
        return pick(spec, typed, () -> ConsoleMessages.notAChoice(spec, typed.strip()));
    }

    /** The value of the choice {@code typed} names, or refused with {@code refusal}. */
    private static String pick(OptionSpec spec, String typed, Supplier<String> refusal) {
        return spec.choice(typed).map(OptionSpec.Choice::value)
                .orElseThrow(() -> new InvalidInputException(refusal.get()));
    }

    private static OptionSpec spec(ConsoleLine line, String option) {
        return line.optionSpec(option).orElseThrow();
    }

    /**
     * A question's answer read as one of an option's choices: a wrong one is refused as an answer (the person typed
     * no option name), saying how to be asked again.
     */
    private static String answerOf(ConsoleLine line, String option, String typed) {
        OptionSpec spec = spec(line, option);
        return pick(spec, typed, () -> ConsoleMessages.notAnAnswer(spec, typed.strip(), line));
    }

    private static String required(ConsoleLine line, String option) {
        String value = line.options().get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(ConsoleMessages.needs(line, option));
        }
        return value;
    }

    private static int pageNumber(String text) {
        long page = wholeNumber(text.strip()).orElse(0);
        if (page < 1) {
            throw new InvalidInputException(ConsoleMessages.pageNumber(text));
        }
        // A page far past the last is still a page: the list says how many there are.
        return (int) Math.min(page, Integer.MAX_VALUE);
    }

    /**
     * A typed whole number (digits, perhaps signed), empty when it is not one. Digits past a long's range are held at
     * its ends, so a huge number is answered as out of range, not as "not a number", and leading zeros count for
     * nothing.
     */
    static OptionalLong wholeNumber(String typed) {
        String digits = UserText.narrow(typed); // page:２ as a Japanese input method types it
        if (!digits.matches("[+-]?[0-9]+")) {
            return OptionalLong.empty();
        }
        BigInteger number = new BigInteger(digits);
        return OptionalLong.of(number.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE))
                .longValue());
    }

    /**
     * Discord markdown as plain text, in one pass so escapes and markers never meet: {@code \*} is a literal star,
     * an unescaped {@code **} or backtick is formatting and dropped, and {@code [source](url)} is spelled out. So a
     * concept typed as {@code **bold**} shows as typed.
     */
    static String plain(String shown) {
        // Nothing printed turns the rest of a line around, whatever it echoes (a refused option, an older import).
        String markdown = UserText.withoutOverrides(shown);
        StringBuilder out = new StringBuilder(markdown.length());
        for (int i = 0; i < markdown.length(); i++) {
            char c = markdown.charAt(i);
            if (c == '\\' && i + 1 < markdown.length() && (UserText.INLINE_MARKERS + UserText.LINE_MARKERS)
                    .indexOf(markdown.charAt(i + 1)) >= 0) {
                out.append(markdown.charAt(++i));
            } else if (c == '*' && i + 1 < markdown.length() && markdown.charAt(i + 1) == '*') {
                i++;
            } else if (c == '`') {
                continue;
            } else if (markdown.startsWith("[source](", i) && markdown.indexOf(')', i) > 0) {
                int end = markdown.indexOf(')', i);
                out.append("source: ").append(markdown, i + "[source](".length(), end);
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** What the console says of a command that failed other than for what was typed, and what it logs. */
    static String failed(String text, RuntimeException e) {
        Optional<DatabaseBusyException> busy = DatabaseBusyException.in(e);
        if (busy.isPresent()) {
            // Another program's doing (a second console, the bot beside this one), not a fault: one line.
            log.info("Console command gave up on the database after {} ms of another program's lock: {}",
                    busy.get().waited().toMillis(), text);
            return ConsoleMessages.databaseBusy(busy.get().waited());
        }
        log.error("Console command failed: {}", text, e);
        return ConsoleMessages.failed(e);
    }
}
