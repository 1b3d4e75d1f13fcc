package dev.loopkeeper.loop;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Everything Loopkeeper says about loops, shared by the Discord and console fronts. Calm and brief: counts are facts,
 * not debts. Every message that echoes what a person typed fits Discord's limits by construction: the echo is
 * shortened, never the stored text ({@link UserText#fitMessage}). What the rules say when they refuse something is in
 * {@link LoopErrors}.
 */
public final class LoopMessages {
    /** Discord's limit for an embed description; a page of loops is rendered into one. */
    public static final int PAGE_TEXT_LIMIT = 4096;
    private static final int LIST_CONCEPT = 100;
    private static final int LIST_WHY = 80;
    /** A focus named in a list, such as the one a loop is snoozed for. */
    private static final int LIST_FOCUS = 40;
    private static final int LIST_TAKEAWAY = 120;
    /** How much of a why the group's message in the channel shows. */
    private static final int GROUP_WHY = 300;
    /** Notes shown under a loop in a list; older ones are counted. */
    private static final int LIST_NOTES = 2;

    private final TimeText time;

    public LoopMessages(TimeText time) {
        this.time = time;
    }

    public String parked(OpenLoop loop, long openCount) {
        return parked(new ParkResult.Parked(loop, openCount, Optional.empty()));
    }

    /** A saved park; a near-duplicate is named, so the person may merge the two. */
    public String parked(ParkResult.Parked parked) {
        return parked(parked, UserText.MESSAGE_LIMIT);
    }

    /** The same, fitting in {@code limit} characters (a front adds a line of its own after it). */
    public String parked(ParkResult.Parked parked, int limit) {
        if (parked.loop().scope().isServer()) {
            return parkedForServer(parked);
        }
        OpenLoop loop = parked.loop();
        List<String> echoes = new ArrayList<>(List.of(loop.concept()));
        if (loop.why() != null) {
            echoes.add(UserText.singleLine(loop.why()));
        }
        parked.closeTo().ifPresent(close -> echoes.add(close.concept()));
        return UserText.fitMessage(limit, echoes, echo -> {
            // "Parked Kalman filter." but "Parked What is a monad?", never "..": the concept may end a sentence itself.
            StringBuilder text = new StringBuilder("Parked **").append(echo.get(0)).append("**")
                    .append(UserText.endsASentence(echo.get(0)) ? "" : ".");
            if (loop.why() != null) {
                text.append("\nWhy it matters: ").append(echo.get(1));
            }
            text.append("\nIt will come back when it becomes structurally relevant. ")
                    .append(countOpen(parked.openCount())).append('.');
            parked.closeTo().ifPresent(close -> text.append("\nIt looks close to your open loop **")
                    .append(echo.get(echo.size() - 1)).append("** (#").append(close.id()).append(", parked ")
                    .append(time.relative(close.createdAt()))
                    .append("). Both are parked; if they are one concept, you can merge this one into it."));
            return text.toString();
        });
    }

    /**
     * The parker's private answer to a server park. A near-duplicate is only named: merging two of the group's loops
     * is not offered here.
     */
    private String parkedForServer(ParkResult.Parked parked) {
        OpenLoop loop = parked.loop();
        List<String> echoes = new ArrayList<>(List.of(loop.concept()));
        if (loop.why() != null) {
            echoes.add(UserText.singleLine(loop.why()));
        }
        parked.closeTo().ifPresent(close -> echoes.add(close.concept()));
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            StringBuilder text = new StringBuilder("Parked **").append(echo.get(0)).append("** for the group.");
            if (loop.why() != null) {
                text.append("\nWhy it matters: ").append(echo.get(1));
            }
            text.append("\nIt is one of this server's shared loops (").append(parked.openCount())
                    .append(" open). Members can say Me too on it in the channel, or see them all with /loops scope:server.");
            parked.closeTo().ifPresent(close -> text.append("\nIt looks close to the server's open loop **")
                    .append(echo.get(echo.size() - 1)).append("** (#").append(close.id()).append(", parked ")
                    .append(time.relative(close.createdAt())).append("). Both are parked."));
            return text.toString();
        });
    }

    /**
     * What a server park shows everyone in the channel: the concept and why, nothing about who parked it. The why is
     * shortened here (only the echo: the loop keeps all of it).
     */
    public String forTheGroup(OpenLoop loop) {
        List<String> echoes = loop.why() == null ? List.of(loop.concept())
                : List.of(loop.concept(), UserText.shorten(UserText.singleLine(loop.why()), GROUP_WHY));
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> "A loop for the group: **" + echo.get(0)
                + "**" + (echo.size() > 1 ? " · " + echo.get(1) : "")
                + " — click Me too if it matters to you too.");
    }

    /**
     * What the group's message of a server loop shows once the loop is closed (or archived): the concept struck
     * through, how and when it ended, and its takeaway, which the group may learn from too; no Me too any more.
     */
    public String forTheGroupClosed(OpenLoop loop) {
        List<String> echoes = loop.takeaway() == null ? List.of(loop.concept())
                : List.of(loop.concept(), UserText.shorten(loop.takeaway(), GROUP_WHY));
        String ending = loop.outcome() != null ? "closed as " + loop.outcome().label()
                : loop.status() == LoopStatus.ARCHIVED ? "archived" : "closed";
        String when = loop.closedAt() == null ? "" : " " + time.date(loop.closedAt());
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> "A loop for the group: ~~**" + echo.get(0)
                + "**~~ — " + ending + when + "." + (echo.size() > 1 ? "\nTakeaway: " + echo.get(1) : ""));
    }

    /** The answer to a Me too click, privately: the count, never the names. */
    public String meToo(MeToo meToo) {
        String count = people(meToo.count());
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(meToo.loop().concept()), echo -> (meToo.added()
                ? "Counted: **" + echo.get(0) + "** matters to " + count + " here."
                : meToo.parker()
                        ? "You parked **" + echo.get(0) + "**, so you are counted already: it matters to " + count
                                + " here."
                        : "You already said Me too: **" + echo.get(0) + "** matters to " + count + " here."));
    }

    /** The concept was already open: no second loop; says what was added to the one there is. */
    public String alreadyOpen(ParkResult.AlreadyOpen result) {
        OpenLoop loop = result.existing();
        Optional<LoopNote> added = result.added();
        String newWhy = added.map(LoopNote::why).map(UserText::singleLine).orElse(null);
        boolean newSource = added.isPresent() && !added.get().origin().isEmpty();
        boolean server = loop.scope().isServer();
        List<String> echoes = newWhy == null ? List.of(loop.concept()) : List.of(loop.concept(), newWhy);
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            String head = (server ? "This server already has **" : "You already have **") + echo.get(0)
                    + "** open, #" + loop.id() + ", parked " + time.relative(loop.createdAt()) + "."
                    + (!server ? "" : result.meTooAdded()
                            ? " Your Me too is counted: it matters to " + people(result.interest()) + "."
                            : " You are counted already: it matters to " + people(result.interest()) + ".");
            if (newWhy != null) {
                return head + (newSource ? " I added this why and where it came from to it:" : " I added this why to it:")
                        + "\n" + echo.get(1);
            }
            if (newSource) {
                return head + " I added where this came from to it.";
            }
            return head + (server ? "" : " Nothing new to add, so it stays as it was.");
        });
    }

    public String merged(Merged merged) {
        OpenLoop from = merged.from();
        OpenLoop into = merged.into();
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(from.concept(), into.concept()),
                echo -> "Merged **" + echo.get(0) + "** (#" + from.id() + ") into **" + echo.get(1) + "** (#"
                        + into.id() + "), which keeps its why and source and stays "
                        + (into.status() == LoopStatus.ACTIVE && into.phase() != null
                                ? "active, " + phaseSince(into) + "." : "parked.")
                        + (merged.classCarried() ? " #" + into.id() + " had no class, so it takes #" + from.id()
                                + "'s: " + into.triage().label() + "." : ""));
    }

    /** A click on a button of the retired "keep both or cancel" question, which may linger in a client. */
    public String noChoiceNeeded() {
        return "Parks no longer wait on a choice: this one was kept, as its own loop or added to the one you had. "
                + "See /loops; /close lets go of a loop you don't want.";
    }

    /** For the console, where there is no button: how to merge a near-duplicate. */
    public String mergeHint(long loopId, long intoId) {
        return "To merge them: /merge loop:" + loopId + " into:" + intoId;
    }

    public String closed(OpenLoop loop) {
        List<String> echoes = loop.takeaway() == null ? List.of(loop.concept()) : List.of(loop.concept(), loop.takeaway());
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> "Closed **" + echo.get(0) + "** as "
                + loop.outcome().label() + "." + (echo.size() > 1 ? "\nTakeaway: " + echo.get(1) : ""));
    }

    /** A loop corrected with {@code /edit}: how it reads now, and that it is matched by the new words. */
    public String edited(Edited edited) {
        OpenLoop after = edited.after();
        List<String> echoes = new ArrayList<>(List.of(after.concept()));
        if (edited.whyChanged() && after.why() != null) {
            echoes.add(UserText.singleLine(after.why()));
        }
        if (edited.conceptChanged()) {
            echoes.add(edited.before().concept());
        }
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            StringBuilder text = new StringBuilder("Updated #").append(after.id()).append(": **").append(echo.get(0))
                    .append("**");
            if (edited.conceptChanged()) {
                text.append(" (was **").append(echo.get(echo.size() - 1)).append("**)");
            }
            if (edited.conceptChanged() || !UserText.endsASentence(echo.get(0))) {
                text.append('.');
            }
            if (edited.whyChanged() && after.why() != null) {
                text.append("\nWhy it matters: ").append(echo.get(1));
            }
            text.append("\nReminders, /loops query and /related now match it by these words.");
            return text.toString();
        });
    }

    /** A closed loop brought back; its earlier ending stays in its history. */
    public String reopened(Reopened reopened) {
        OpenLoop loop = reopened.loop();
        LoopNote.Ending earlier = reopened.earlier();
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(loop.concept()), echo -> "Reopened **" + echo.get(0)
                + "** (#" + loop.id() + "): it is open again and can come back in reminders. It was closed as "
                + earlier.outcome().label() + " " + time.date(earlier.closedAt())
                + (earlier.takeaway() != null ? "; that ending and its takeaway stay in its history (/loops shows "
                        + "them under it)." : "; that ending stays in its history (/loops shows it under it)."));
    }

    public String pageTitle(LoopPage page) {
        boolean server = page.scope().isServer();
        String what = page.filter().stage() == LoopFilter.Stage.ALL ? (server ? "All of this server's loops" : "All loops")
                : (server ? "This server's " + page.filter().stage().label() : capitalised(page.filter().stage().label()))
                        + " loops";
        String triage = page.filter().triage().map(t -> " · " + t.label()).orElse("");
        return what + triage + " (" + page.total() + ")";
    }

    /**
     * The page's loops, one per line (two with a why), newest first. A server's loops show how many people each
     * matters to, and nothing about who parked it or said Me too. Every loop of the page is shown: when they do not
     * fit one embed whole, their notes are left out first, then their whys and takeaways, then their links, and the
     * page says so; a loop is never dropped for another's details (the next page starts after this one's last loop).
     */
    public String pageBody(LoopPage page) {
        if (page.loops().isEmpty()) {
            return emptyPage(page);
        }
        List<Entry> entries = entries(page);
        for (int left = 0; left <= Entry.LINKS; left++) {
            String body = render(entries, left, Integer.MAX_VALUE);
            String shown = left == 0 ? body : body + "\n" + DETAILS_LEFT_OUT;
            // Counted as JDA counts an embed's description: in UTF-16 units, two for an emoji.
            if (shown.length() <= PAGE_TEXT_LIMIT) {
                return shown;
            }
        }
        // Even one line per loop is too long (twenty of the longest concepts, written in emoji): each its share.
        int headings = entries.stream().filter(e -> e.heading() != null).mapToInt(e -> e.heading().length() + 1)
                .sum();
        int share = (PAGE_TEXT_LIMIT - DETAILS_LEFT_OUT.length() - 1 - headings) / entries.size() - 1;
        return UserText.shortenUnits(render(entries, Entry.LINKS, share) + "\n" + DETAILS_LEFT_OUT, PAGE_TEXT_LIMIT);
    }

    /** Said under a page whose loops were shown without some of their details. */
    static final String DETAILS_LEFT_OUT = "(Some notes, whys or links are left out to fit one message.)";

    /**
     * One loop of a page in parts, each left out in turn when the page is too long: its phase's heading when it starts
     * one (or null), its line (its number, its concept in bold, then the rest: {@code lead}, {@code concept} as typed,
     * {@code rest}), its link, its why or takeaway, its notes.
     */
    private record Entry(String heading, String lead, String concept, String rest, String link, String detail,
            String notes) {
        static final int NOTES = 1;
        static final int WHYS = 2;
        static final int LINKS = 3;
        /** The least of a concept's echo a line cut to fit keeps, in UTF-16 units, before it cuts the rest of the line. */
        static final int LEAST_CONCEPT = 24;

        /** The loop with the {@code left} last kinds of detail left out (notes, then the why, then the link). */
        String render(int left, int maxHead) {
            return head(maxHead) + (left < LINKS ? link : "") + (left < WHYS ? detail : "") + (left < NOTES ? notes : "");
        }

        /**
         * The line in at most {@code max} UTF-16 units. It is cut inside the concept, before it is escaped, so the bold
         * around it stays closed: cut as one text, an unclosed {@code **} took the next line's opening one as its end,
         * and the rest of the page read bold where it was plain and starred where it was bold.
         */
        private String head(int max) {
            String whole = lead + UserText.escapeMarkdown(concept) + "**" + rest;
            if (max == Integer.MAX_VALUE || whole.length() <= max) {
                return whole;
            }
            int room = Math.max(LEAST_CONCEPT, max - lead.length() - 2 - rest.length());
            String echo = UserText.fitEchoUnits(concept, room);
            return lead + echo + "**" + UserText.shortenUnits(rest, Math.max(0, max - lead.length() - echo.length() - 2));
        }
    }

    private static String render(List<Entry> entries, int left, int maxHead) {
        StringJoiner lines = new StringJoiner("\n");
        for (Entry entry : entries) {
            if (entry.heading() != null) {
                lines.add(entry.heading());
            }
            lines.add(entry.render(left, maxHead));
        }
        return lines.toString();
    }

    private List<Entry> entries(LoopPage page) {
        List<Entry> entries = new ArrayList<>();
        boolean byPhase = page.filter().stage() == LoopFilter.Stage.ACTIVE && !page.scope().isServer();
        Phase group = null;
        for (OpenLoop loop : page.loops()) {
            String heading = null;
            if (byPhase && loop.phase() != null && loop.phase() != group) {
                group = loop.phase();
                heading = "**" + capitalised(group.label()) + "** · " + meaning(group);
            }
            String lead = "`#" + loop.id() + "` **";
            String concept = UserText.shorten(loop.concept(), LIST_CONCEPT);
            StringBuilder line = new StringBuilder();
            if (loop.triage() != Triage.UNTRIAGED) {
                line.append(" · ").append(loop.triage().label());
            }
            if (loop.scope().isServer()) {
                line.append(" · matters to ").append(people(page.interestOf(loop.id())));
            }
            boolean closed = loop.status() == LoopStatus.CLOSED;
            if (closed) {
                // A closed loop reads as its ending: how, when, and the one line it left behind.
                line.append(" · ").append(loop.outcome() != null ? loop.outcome().label() : "closed");
                if (loop.closedAt() != null) {
                    line.append(" · closed ").append(time.date(loop.closedAt()));
                }
            } else {
                boolean dated = loop.status() == LoopStatus.ACTIVE && loop.phase() != null;
                if (dated) {
                    line.append(" · ").append(phaseSince(loop));
                } else if (loop.status() != LoopStatus.OPEN) {
                    line.append(" · ").append(loop.status().db());
                }
                Optional<LoopPage.Snooze> snooze = page.snoozeOf(loop.id());
                snooze.ifPresent(s -> line.append(" · ").append(snoozed(s)));
                // After a phase's or a snooze's date a bare "3 hours ago" read as theirs: it is when it was parked.
                line.append(" · ").append(dated || snooze.isPresent() ? "parked " : "")
                        .append(time.relative(loop.createdAt()));
            }
            String link = sourceLink(loop.origin()).map(url -> " · [source](" + url + ")").orElse("");
            String detail = "";
            if (closed && loop.takeaway() != null) {
                detail = "\n  Takeaway: " + UserText.escapeMarkdown(UserText.shorten(loop.takeaway(), LIST_TAKEAWAY));
            } else if (loop.why() != null) {
                detail = "\n  " + UserText.escapeMarkdown(UserText.shorten(UserText.singleLine(loop.why()), LIST_WHY));
            }
            StringBuilder notes = new StringBuilder();
            noteLines(page.notesOf(loop.id())).forEach(note -> notes.append("\n  + ").append(note));
            entries.add(new Entry(heading, lead, concept, line.toString(), link, detail, notes.toString()));
        }
        return entries;
    }

    /** Why a listed or found loop stays out of reminders for now: "snoozed until …". */
    public String snoozed(LoopPage.Snooze snooze) {
        return snooze.whileFocus()
                ? "snoozed until your focus “" + UserText.escapeMarkdown(UserText.shorten(snooze.focus(), LIST_FOCUS)) + "” ends"
                : "snoozed until " + time.dateTime(snooze.until());
    }

    /**
     * What a loop gathered after it was parked, one line each: the latest {@value #LIST_NOTES} (a why, or for a merged
     * loop its concept and why, with when and where), and how many earlier ones there are.
     */
    private List<String> noteLines(List<LoopNote> notes) {
        List<String> lines = new ArrayList<>();
        int earlier = Math.max(0, notes.size() - LIST_NOTES);
        if (earlier > 0) {
            lines.add(earlier == 1 ? "1 earlier note" : earlier + " earlier notes");
        }
        for (LoopNote note : notes.subList(earlier, notes.size())) {
            StringJoiner parts = new StringJoiner(" · ");
            if (note.ending() != null) {
                LoopNote.Ending ending = note.ending();
                parts.add("closed before as " + ending.outcome().label() + ", " + time.date(ending.closedAt()));
                if (ending.takeaway() != null) {
                    parts.add("takeaway: " + UserText.escapeMarkdown(UserText.shorten(ending.takeaway(), LIST_WHY)));
                }
                parts.add("reopened " + time.relative(note.createdAt()));
                lines.add(parts.toString());
                continue;
            }
            if (note.mergedFrom() != null) {
                parts.add("merged from #" + note.mergedFrom() + " **"
                        + UserText.escapeMarkdown(UserText.shorten(note.concept(), LIST_CONCEPT)) + "**");
            }
            if (note.why() != null) {
                parts.add(UserText.escapeMarkdown(UserText.shorten(UserText.singleLine(note.why()), LIST_WHY)));
            } else if (note.mergedFrom() == null) {
                parts.add("parked again");
            }
            parts.add(time.relative(note.createdAt()));
            sourceLink(note.origin()).ifPresent(url -> parts.add("[source](" + url + ")"));
            lines.add(parts.toString());
        }
        return lines;
    }

    /**
     * The parked message, or at least the server channel where /park was used; nothing for DMs and the console. Only a
     * Discord link as Loopkeeper makes one is given: a source is shown as a masked {@code [source](...)} link, and an
     * imported file's may hold any address or text, which that link would hide (or end early and show as markdown).
     */
    public static Optional<String> sourceLink(Origin origin) {
        if (origin.messageUrl() != null && JUMP_LINK.matcher(origin.messageUrl()).matches()) {
            return Optional.of(origin.messageUrl());
        }
        if (isDiscordId(origin.guildId()) && isDiscordId(origin.channelId())) {
            return Optional.of("https://discord.com/channels/" + origin.guildId() + "/" + origin.channelId());
        }
        return Optional.empty();
    }

    /** Whether {@code id} can be a Discord id (digits only, an unsigned 64-bit number): one a message may name. */
    public static boolean isDiscordId(String id) {
        return id != null && DISCORD_ID.matcher(id).matches();
    }

    private static final Pattern DISCORD_ID = Pattern.compile("[0-9]{1,20}");
    /** A message's or channel's link in a server, or a message's in a DM ({@code @me}). */
    private static final Pattern JUMP_LINK =
            Pattern.compile("https://discord\\.com/channels/(?:[0-9]{1,20}|@me)/[0-9]{1,20}(?:/[0-9]{1,20})?");

    /** What an empty list says: what would fill it, rather than only that nothing matched. */
    private static String emptyPage(LoopPage page) {
        boolean server = page.scope().isServer();
        Optional<Triage> triage = page.filter().triage();
        // With no loops of the stage at all, "none is core" (or "every one has its class") would be said of nothing.
        if (triage.isPresent() && page.inStage() > 0) {
            String none = "No " + (page.filter().stage() == LoopFilter.Stage.ALL ? "" : page.filter().stage().label() + " ")
                    + "loops are ";
            if (triage.get() == Triage.UNTRIAGED) {
                return none + "untriaged" + (server ? " here." : ": every one has its class.");
            }
            String triaged = triage.get().label();
            return none + "triaged " + triaged
                    + (server ? " here." : ". /triage sorts your loops, or /triage loop:<pick> class:" + triaged + " sets one.");
        }
        return switch (page.filter().stage()) {
            case OPEN -> server
                    ? "No open loops in this server's shared lot. Park one with /park scope:server when the group should see it."
                    : "No open loops. Park one with /park when a concept tugs at you.";
            case ACTIVE -> server ? "None of this server's loops is active."
                    : "No active loops. /open one when you start on it (or choose Open it now on a reminder).";
            case CLOSED -> server ? "None of this server's loops is closed yet."
                    : "No closed loops yet. /close one with what you took from it when you are done.";
            case ALL -> server ? "This server has no shared loops yet." : "No loops yet. Park one with /park when a concept tugs at you.";
        };
    }

    /** "Page 2 of 3"; empty for a list with nothing in it (its body says so). */
    public String pageFooter(LoopPage page) {
        return page.loops().isEmpty() ? "" : "Page " + (page.page() + 1) + " of " + page.pageCount();
    }

    /** "in instantiation since 3 Mar 2026": an opened loop's phase, as lists and answers show it. */
    public String phaseSince(OpenLoop loop) {
        return "in " + loop.phase().label() + (loop.phaseSince() == null ? "" : " since " + time.date(loop.phaseSince()));
    }

    /** {@code /open} on a loop already active: nothing changed, and where it is. */
    public String stillActive(OpenLoop loop) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(loop.concept()), echo -> "**" + echo.get(0)
                + "** is already active, " + phaseSince(loop) + ". Nothing changed.");
    }

    /** The answer to a phase move ({@code /progress} or its buttons), with the question the new phase asks. */
    public String progressed(LoopService.Progress progress) {
        OpenLoop loop = progress.loop();
        if (!progress.changed()) {
            return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(loop.concept()), echo -> "**" + echo.get(0)
                    + "** is already " + phaseSince(loop) + ". Nothing changed.");
        }
        String built = progress.loop().phase() == Phase.INSTANTIATION ? progress.built() : null;
        List<String> echoes = built == null ? List.of(loop.concept()) : List.of(loop.concept(), built);
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            String head = "**" + echo.get(0) + "** " + (progress.from() == null ? "is active now, in "
                    + loop.phase().label() : "is in " + loop.phase().label() + " now");
            return switch (loop.phase()) {
                case INSTANTIATION -> head + ": you built something with it"
                        + (echo.size() > 1 ? ": " + echo.get(1) + (UserText.endsASentence(echo.get(1)) ? "" : ".") : ".")
                        + " When it works, step back: why did you "
                        + "design it this way?";
                case RE_ABSTRACTION -> head + ": you stepped back. If it did not exist, what minimal truths would "
                        + "force you to invent something like it? Close it with that one line as the takeaway.";
                default -> head + ".";
            };
        });
    }

    /** What a phase is for, in a few words (the heading of its group in {@code /loops status:active}). */
    public static String meaning(Phase phase) {
        return switch (phase) {
            case ABSTRACTION -> "extracting the rules of how it works";
            case INSTANTIATION -> "testing them by building something";
            case RE_ABSTRACTION -> "stepping back to generalise what you built";
        };
    }

    /** A loop opened with {@code /open} or a reminder's "Open it now". */
    public static String activated(OpenLoop loop) {
        return "**" + UserText.escapeMarkdown(loop.concept()) + "** is active now. Start with the abstraction: what problem does it "
                + "solve, and what would force you to invent it?";
    }


    /** "1 person", "3 people": a count of people, as a fact. */
    public static String people(long count) {
        return count == 1 ? "1 person" : count + " people";
    }

    public static String countOpen(long openCount) {
        return openCount == 1 ? "1 open loop" : openCount + " open loops";
    }


    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** {@code /loops page:9} when there are fewer pages: say so rather than quietly show another one. */
    public static String pastLastPage(String asked, String title, int pages, long total) {
        if (total == 0) {
            return title + ": none, so there is no page " + asked + ".";
        }
        return title + (pages == 1 ? " fit on one page" : " fit on " + pages + " pages") + "; there is no page " + asked
                + ".";
    }

    /** A page number under 1; {@code given} as typed, quoted back. */
    public static String pageNumber(String given) {
        return "page must be a number from 1, got '" + given + "'.";
    }
}
