package dev.loopkeeper.console;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderNotifier;
import dev.loopkeeper.settings.SettingsService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal front: the Discord commands and options, one per line, for one local person. It reads
 * standard input, so it can be scripted, and says everything in the same words as the Discord front.
 */
public final class ConsoleFront {
    /** The console's single person. */
    public static final String LOCAL_USER = "local";
    private static final Logger log = LoggerFactory.getLogger(ConsoleFront.class);

    static final Map<String, ConsoleLine.Spec> COMMANDS = Map.of(
            "park", ConsoleLine.Spec.options("concept", "why"),
            "loops", ConsoleLine.Spec.options("status", "triage", "page"),
            "close", ConsoleLine.Spec.options("loop", "outcome", "takeaway"),
            "merge", ConsoleLine.Spec.options("loop", "into"),
            "focus", ConsoleLine.Spec.subcommands(
                    Map.entry("set", List.of("text", "for")),
                    Map.entry("show", List.of()),
                    Map.entry("clear", List.of("item")),
                    Map.entry("quiet", List.of("from", "to", "zone")),
                    Map.entry("follow", List.of("state"))));

    private static final String HELP = """
            Commands (the same as on Discord; a value runs to the next name: or the end of the line):
              /park concept:<text> [why:<text>]
              /loops [status:open|active|closed|archived|all] [triage:untriaged|core|adjacent|peripheral] [page:<n>]
              /close loop:<number or concept> outcome:learned|applied|merged|let go [takeaway:<text>]
              /merge loop:<number or concept> into:<number or concept>   (keeps its why and source there)
              /focus set text:<what you are working on> [for:<3h, 2d, 1w>]
              /focus show
              /focus clear [item:<number or text>]
              /focus quiet from:<22:00> to:<08:00> zone:<Europe/Berlin>
              /focus follow state:on|off
              help    this list
              quit    leave""";

    private final LoopService loops;
    private final FocusService focus;
    private final SettingsService settings;
    private final LoopMessages loopMessages;
    private final FocusMessages focusMessages;
    private final int pageSize;
    private final ConsoleNotifier reminders;

    /** A console whose reminders arrive through the returned front's notifier (see {@link #notifier()}). */
    public ConsoleFront(LoopService loops, FocusService focus, SettingsService settings, LoopMessages loopMessages,
            FocusMessages focusMessages, ReminderMessages reminderMessages, int pageSize) {
        this.loops = loops;
        this.focus = focus;
        this.settings = settings;
        this.loopMessages = loopMessages;
        this.focusMessages = focusMessages;
        this.pageSize = pageSize;
        this.reminders = new ConsoleNotifier(reminderMessages);
    }

    /** Where reminders go while this console runs: they are printed after the command that caused them. */
    public ReminderNotifier notifier() {
        return reminders;
    }

    /** Reads commands until {@code quit} or the end of input; {@code prompt} is shown before each line when set. */
    public void run(BufferedReader in, PrintStream out, boolean prompt) {
        out.println("Loopkeeper console. Type help for the commands, quit to leave.");
        try {
            while (true) {
                if (prompt) {
                    out.print("> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                if (command.equals("quit") || command.equals("exit")) {
                    return;
                }
                out.println(plain(answer(command)));
                for (String reminder : reminders.drain()) {
                    out.println(plain(reminder));
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String answer(String line) {
        if (line.equals("help") || line.equals("/help")) {
            return HELP;
        }
        try {
            ConsoleLine command = ConsoleLine.parse(line, COMMANDS);
            return switch (command.command()) {
                case "park" -> park(command);
                case "loops" -> loops(command);
                case "close" -> close(command);
                case "merge" -> merge(command);
                default -> focus(command);
            };
        } catch (InvalidInputException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            log.error("Console command failed: {}", line, e);
            // It may have failed after a commit: never claim that nothing was changed.
            return "Sorry, something went wrong on my side (" + e.getClass().getSimpleName() + "). Anything I "
                    + "confirmed is saved; /loops shows where things stand.";
        }
    }

    private String park(ConsoleLine command) {
        String concept = required(command, "concept");
        ParkResult result = loops.park(new ParkRequest(LOCAL_USER, concept, command.options().get("why"), Origin.none()));
        if (result instanceof ParkResult.AlreadyOpen alreadyOpen) {
            return loopMessages.alreadyOpen(alreadyOpen);
        }
        ParkResult.Parked parked = (ParkResult.Parked) result;
        return loopMessages.parked(parked) + parked.closeTo()
                .map(close -> "\n" + loopMessages.mergeHint(parked.loop().id(), close.id())).orElse("");
    }

    private String merge(ConsoleLine command) {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(command, "loop"));
        OpenLoop into = loops.resolve(LOCAL_USER, required(command, "into"));
        return loopMessages.merged(loops.merge(LOCAL_USER, loop.id(), into.id()));
    }

    private String loops(ConsoleLine command) {
        Map<String, String> options = command.options();
        int page = Optional.ofNullable(options.get("page")).map(ConsoleFront::pageNumber).orElse(1);
        LoopFilter filter = LoopFilter.parse(options.get("status"), options.get("triage"));
        LoopPage shown = loops.list(LOCAL_USER, filter, page - 1, pageSize);
        String footer = loopMessages.pageFooter(shown) + (shown.hasNext() ? " · next: /loops page:" + (shown.page() + 2) : "");
        return loopMessages.pageTitle(shown) + "\n" + loopMessages.pageBody(shown) + "\n" + footer;
    }

    private String close(ConsoleLine command) {
        OpenLoop loop = loops.resolve(LOCAL_USER, required(command, "loop"));
        Outcome outcome = Outcome.require(required(command, "outcome"));
        return loopMessages.closed(loops.close(LOCAL_USER, loop.id(), outcome, command.options().get("takeaway")));
    }

    private String focus(ConsoleLine command) {
        return switch (command.subcommand().orElseThrow()) {
            case "set" -> {
                FocusService.Added added = focus.set(LOCAL_USER, required(command, "text"),
                        Optional.ofNullable(command.options().get("for")), FocusSource.COMMAND, null, null);
                yield focusMessages.set(added.focus(), added.activeCount());
            }
            case "show" -> focusMessages.show(focus.active(LOCAL_USER));
            case "quiet" -> focusMessages.quiet(settings.setQuietHours(LOCAL_USER, required(command, "from"),
                    required(command, "to"), required(command, "zone")));
            case "follow" -> {
                String state = required(command, "state").strip().toLowerCase(Locale.ROOT);
                if (!state.equals("on") && !state.equals("off")) {
                    throw new InvalidInputException("state must be on or off, got '" + state + "'.");
                }
                yield focusMessages.follow(settings.setFollowWorklog(LOCAL_USER, state.equals("on")));
            }
            default -> {
                String item = command.options().get("item");
                yield item == null || item.isBlank() ? focusMessages.cleared(focus.clearAll(LOCAL_USER))
                        : focusMessages.clearedOne(focus.clearOne(LOCAL_USER, item));
            }
        };
    }

    private static String required(ConsoleLine command, String option) {
        String value = command.options().get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("/" + command.command() + command.subcommand().map(s -> " " + s).orElse("")
                    + " needs " + option + ":<value>.");
        }
        return value;
    }

    private static int pageNumber(String text) {
        try {
            int page = Integer.parseInt(text.strip());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("page must be a number from 1, got '" + text + "'.");
    }

    /** Discord markdown read as plain text: no bold markers or escapes, links spelled out. */
    static String plain(String markdown) {
        return markdown
                .replaceAll("\\[source]\\((\\S+?)\\)", "source: $1")
                .replace("**", "")
                .replace("`", "")
                .replaceAll("\\\\([\\\\*_~`|>\\[\\]])", "$1");
    }
}
