package dev.loopkeeper.loop;

import dev.loopkeeper.common.UserText;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the loop rules say when they refuse a request: the text of the {@code InvalidInputException}s that
 * {@link LoopService}, {@link LoopFilter} and {@link Outcome} throw. It lives apart from {@code LoopMessages} so the
 * services never depend on the class that renders their results; it depends on nothing but {@link LoopLimits} and
 * {@link LoopScope}.
 */
public final class LoopErrors {
    /** How much of a mistyped option is quoted back. */
    private static final int QUOTED = 40;

    /** How many loops a too-short fragment lists. */
    private static final int AMBIGUOUS_SHOWN = 5;
    private static final int CONCEPT_SHOWN = 100;

    private LoopErrors() {
    }

    /** A loop a typed fragment could mean. */
    public record Candidate(long id, String concept) {
    }

    /** What a person typed for a loop fits several of their open loops: name them, so the next try is exact. */
    public static String ambiguousLoop(String typed, List<Candidate> candidates) {
        return ambiguousLoop(typed, candidates, LoopScope.Kind.PERSONAL);
    }

    /** The same among the open loops of a scope: the person's own, or this server's. */
    public static String ambiguousLoop(String typed, List<Candidate> candidates, LoopScope.Kind among) {
        StringJoiner names = new StringJoiner(", ");
        candidates.stream().limit(AMBIGUOUS_SHOWN).forEach(c -> names.add("**"
                + UserText.escapeMarkdown(UserText.shorten(c.concept(), CONCEPT_SHOWN)) + "** (#" + c.id() + ")"));
        String more = candidates.size() > AMBIGUOUS_SHOWN ? " and " + (candidates.size() - AMBIGUOUS_SHOWN) + " more" : "";
        return "'" + UserText.escapeMarkdown(UserText.shorten(typed, CONCEPT_SHOWN)) + "' fits " + candidates.size()
                + " of " + whose(among) + " open loops: " + names + more + ". Type more of the concept, or its number.";
    }

    public static String conceptEmpty() {
        return "The concept is empty. Give it a few words, such as `/park concept:reverse-mode autodiff`.";
    }

    /** {@code /edit} with a concept that shows nothing. */
    public static String editedConceptEmpty() {
        return "The new concept is empty. Give it a few words; the loop is unchanged.";
    }

    public static String conceptTooLong(int length) {
        return "The concept is " + length + " characters; keep it to " + LoopLimits.MAX_CONCEPT
                + " and put the rest in `why`. Nothing was saved.";
    }

    public static String whyTooLong(int length) {
        return "The why is " + length + " characters; keep it to " + LoopLimits.MAX_WHY + ". Nothing was saved.";
    }

    public static String takeawayTooLong(int length) {
        return "The takeaway is " + length + " characters; one line of up to " + LoopLimits.MAX_TAKEAWAY
                + " fits. The loop is still open.";
    }

    /** The person's open loops are at the limit: a park is refused. */
    public static String tooManyOpen(int max) {
        return tooManyOpen(max, "park this one");
    }

    /** The same for another step that would open one more ({@code then}: "reopen it"). */
    public static String tooManyOpen(int max, String then) {
        return "You have " + max + " open loops, the most Loopkeeper keeps for one person. "
                + "Close or let go of a few with /close, then " + then + ". Nothing was saved.";
    }

    public static String noSuchOpenLoop() {
        return "I can't find that among your open loops. Give its number or a word of its concept, or see /loops.";
    }

    /**
     * A loop asked for by name or number when there is no open loop at all to pick from (a newcomer, whose
     * autocomplete offered nothing): the way on is to park one, not to look through an empty list.
     */
    public static String noOpenLoops(LoopScope.Kind among) {
        return among == LoopScope.Kind.SERVER
                ? "This server has no open shared loops. Park one with /park concept:<text> scope:server."
                : "You have no open loops. Park one with /park concept:<text>.";
    }

    /**
     * {@code /open} or {@code /progress} given one of the server's shared loops: phases are personal, so the way on is
     * a loop of their own with that concept.
     */
    public static String sharedLoopIsNotYours(long id, String concept) {
        return UserText.fitMessage(300, List.of(concept), echo -> "#" + id + " **" + echo.get(0) + "** is one of this "
                + "server's shared loops; you open and move on only your own. Park it for yourself (**Park a concept** "
                + "on its post in the channel, or /park with its concept), then open that one. Nothing was changed.");
    }

    public static String noSuchOpenLoop(LoopScope.Kind among) {
        return among == LoopScope.Kind.SERVER
                ? "I can't find that among this server's open loops. Give its number or a word of its concept, or see "
                        + "/loops scope:server."
                : noSuchOpenLoop();
    }

    /**
     * A loop's number given in the other scope than its own ({@code kind}): one of this server's shared loops asked for
     * among the person's own (scope:server left out, though /loops scope:server showed that very number), or one of
     * theirs among the server's (scope:server, or a poll, which takes only shared loops: so the way on is where the
     * shared loops are listed, not a scope to leave out). "I can't find that" said the number was wrong; it was the
     * scope.
     */
    public static String inOtherScope(long id, String concept, LoopScope.Kind kind) {
        return UserText.fitMessage(200, List.of(concept), echo -> kind == LoopScope.Kind.SERVER
                ? "Loop #" + id + ", **" + echo.get(0) + "**, is one of this server's shared loops, not one of yours: "
                        + "add scope:server to act on it."
                : "Loop #" + id + ", **" + echo.get(0) + "**, is one of your own loops, not one of this server's "
                        + "shared loops: /loops scope:server lists those.");
    }

    /**
     * The loop exists but was closed (or merged) meanwhile, such as by a second click on the same button; {@code ended}
     * says how ("was closed as learned", "was archived"), as {@link LoopService#notOpen} words it.
     */
    public static String notOpen(long id, String concept, String ended, LoopScope.Kind among, boolean reopenable) {
        return notOpen(id, concept, ended, among, reopenable, true);
    }

    /** The same; {@code mayReopen} false for a server loop's member who neither parked it nor manages the server. */
    public static String notOpen(long id, String concept, String ended, LoopScope.Kind among, boolean reopenable,
            boolean mayReopen) {
        String where = among == LoopScope.Kind.SERVER ? "scope:server " : "";
        // Where to go from here: a loop merged into another lives on there (its refusal to reopen names it).
        String next = !reopenable ? "See /loops " + where + "status:closed."
                : mayReopen ? "/reopen loop:" + id + (where.isEmpty() ? "" : " " + where.strip()) + " brings it back."
                : "Whoever parked it, or someone with Manage Server, can bring it back with /reopen.";
        // Short, as refusals are: the concept shortened to what fits 200 characters.
        return UserText.fitMessage(200, List.of(concept), echo -> "Loop #" + id + " is no longer open: **" + echo.get(0)
                + "** " + ended + ". " + next);
    }

    /**
     * A loop merged into another, acted on (a reminder's button, a command): which loop holds its why and source now,
     * so the person acts on that one; {@code intoOpen} false when that one is closed itself (then /reopen brings it
     * back, where "keeps its why" alone sent the person to a loop no command would act on).
     */
    public static String mergedInto(long id, String concept, long intoId, String intoConcept, boolean intoOpen) {
        return UserText.fitMessage(300, List.of(concept, intoConcept), echo -> "Loop #" + id + " is no longer open: **"
                + echo.get(0) + "** was merged into **" + echo.get(1) + "** (#" + intoId + "), which keeps its why and "
                + "source" + (intoOpen ? "" : " and is closed too: /reopen loop:" + intoId + " brings it back")
                + ". Nothing was changed.");
    }

    public static String serverLotFull(int max) {
        return serverLotFull(max, "park this one");
    }

    public static String serverLotFull(int max, String then) {
        return "This server has " + max + " open loops, the most Loopkeeper keeps for one server. "
                + "Close or let go of a few with /close scope:server, then " + then + ". Nothing was saved.";
    }

    /**
     * A member keeps their share of the server's lot open ({@code open} of a {@code share}): a step that would open one
     * more of theirs is refused ({@code then}: "park this one", "reopen it"). A manager can close anyone's.
     */
    public static String memberShareFull(int share, long open, String then) {
        return "You have " + open + " open loops in this server's shared lot; a member may keep " + share
                + ". Close a few of yours with /close scope:server, then " + then + " (a manager can close others'). "
                + "Nothing was saved.";
    }

    /**
     * A park of an open concept again would add a note to a loop that holds {@link LoopLimits#MAX_NOTES} already: refused,
     * the loop and its notes as they were. On a server loop, {@code mayEdit} says whether this member may edit it (its
     * author or a manager).
     */
    public static String notesFull(String concept, int notes, LoopScope.Kind among, boolean mayEdit) {
        String next;
        if (among != LoopScope.Kind.SERVER) {
            next = "Put what matters in its why with /edit, or close it and park the concept again as a new loop.";
        } else if (mayEdit) {
            next = "Put what matters in its why with /edit scope:server, or close it and park the concept again as a new "
                    + "loop.";
        } else {
            next = "Its author or someone with Manage Server can put what matters in its why (/edit scope:server) or "
                    + "close it, so the concept can be parked again as a new loop.";
        }
        return UserText.fitMessage(300, List.of(concept), echo -> "**" + echo.get(0) + "** holds " + notes
                + " notes, the most one loop keeps, so this park added nothing to it. " + next + " Nothing was saved.");
    }

    /** A server's shared loops asked for outside any server: in a DM with the bot. */
    public static String serverScopeNeedsServer() {
        return "Server loops belong to a server: use scope:server in one of its channels. Here, your loops are yours "
                + "alone. Nothing was changed.";
    }

    /** A server loop reached from another server (only a crafted request can do this). */
    public static String otherServer() {
        return "That belongs to another server's shared loops. Nothing was changed.";
    }

    public static String mayNotClose() {
        return "Only the person who parked this server loop, or someone with Manage Server, can close it. "
                + "It is still open; you can still say Me too.";
    }

    /** Me too on something that is not a server's shared loop (only a crafted request can do this). */
    public static String meTooIsForServerLoops() {
        return "Me too is for a server's shared loops. Nothing was changed.";
    }

    /** {@code /progress} to abstraction: a loop enters it when it is opened. */
    public static String abstractionIsWhereItStarts() {
        return "A loop enters abstraction when you open it (/open). /progress moves it on: phase:instantiation when you "
                + "built something with it, phase:re-abstraction when you stepped back. Nothing was changed.";
    }

    public static String builtIsForInstantiation() {
        return "built: says what you built, with phase:instantiation. Stepping back (phase:re-abstraction) takes no "
                + "note: give it without built:. Nothing was changed.";
    }

    /** A build typed in the form, refused (the loop closed meanwhile): the refusal, then the line, to keep. */
    public static String builtNotSaved(String refusal, String built) {
        return refusal + UserText.fitMessage(UserText.MESSAGE_LIMIT - refusal.length(), List.of(built),
                echo -> "\nWhat you built was not saved; as you wrote it: " + echo.get(0));
    }

    public static String builtTooLong(int length) {
        return "What you built is " + length + " characters; one line of up to " + LoopLimits.MAX_BUILT
                + " fits. Nothing was changed.";
    }

    public static String unknownPhase(String given) {
        return "Unknown phase '" + quoted(given) + "'. Use instantiation or re-abstraction.";
    }

    /** {@code /edit} with neither a concept nor a why. */
    public static String editNeedsAChange() {
        return "Say what to change: give concept:<new wording>, why:<new why>, or both. The loop is unchanged.";
    }

    public static String whyEmpty() {
        return "The why is empty. Give the new why, or leave the option out to keep the one it has. The loop is "
                + "unchanged.";
    }

    public static String editChangesNothing() {
        return "That is how the loop reads already, so there was nothing to change.";
    }

    /** An edit whose new concept is another open loop's (ignoring case and spacing). */
    public static String editWouldDuplicate(long otherId, String otherConcept, LoopScope.Kind among) {
        return (among == LoopScope.Kind.SERVER ? "This server already has **" : "You already have **")
                + UserText.escapeMarkdown(UserText.shorten(otherConcept, CONCEPT_SHOWN)) + "** open (#" + otherId
                + "). Two open loops can't share a concept: pick other words"
                // A server's lot has no merge (README): offering one sent members looking for a button there is not.
                + (among == LoopScope.Kind.SERVER ? ", or close one of the two." : ", or merge the two (the **Merge** "
                        + "button under /related, or /merge in the console).") + " The loop is unchanged.";
    }

    public static String mayNotEdit() {
        return "Only the person who parked this server loop, or someone with Manage Server, can edit it. "
                + "It is unchanged.";
    }

    /** A loop asked for among every loop of the person's, open or closed, that is not there. */
    public static String noSuchLoop() {
        return "I can't find that among your loops, open or closed. Give its number or a word of its concept, or see "
                + "/loops status:all.";
    }

    public static String noSuchClosedLoop(LoopScope.Kind among) {
        return "I can't find that among " + whose(among) + " closed loops. Give its number or a word of its concept, "
                + "or see /loops " + (among == LoopScope.Kind.SERVER ? "scope:server " : "") + "status:closed.";
    }

    /** {@code /reopen} on a loop that is open already. */
    public static String alreadyOpen(long id, String concept) {
        return "**" + UserText.escapeMarkdown(UserText.shorten(concept, CONCEPT_SHOWN)) + "** (#" + id
                + ") is open already; nothing to reopen.";
    }

    /** {@code /reopen} on a loop closed as merged: what it held lives on in the loop it went into. */
    public static String reopenMerged(long id, long intoId) {
        return "#" + id + " was merged into #" + intoId + ", which keeps its concept, why and source; nothing to reopen. To follow it on its own, /park it again.";
    }

    public static String mayNotReopen() {
        return "Only the person who parked this server loop, or someone with Manage Server, can reopen it. "
                + "It stays closed.";
    }

    public static String reopenWouldDuplicate(long openId, LoopScope.Kind among) {
        return "The same concept is open again as #" + openId + (among == LoopScope.Kind.SERVER ? " in this server" : "")
                + ", so this one stays closed: its ending stays in /loops " + (among == LoopScope.Kind.SERVER
                        ? "scope:server " : "") + "status:closed, and the open one carries on.";
    }

    public static String ambiguousClosedLoop(String typed, List<Candidate> candidates) {
        return ambiguousLoop(typed, candidates).replace(" open loops: ", " closed loops: ");
    }

    /** The same among the loops the person wrote reflections on. */
    public static String ambiguousReflectedLoop(String typed, List<Candidate> candidates) {
        return ambiguousLoop(typed, candidates).replace(" open loops: ", " loops with reflections: ");
    }

    public static String mergeIntoItself() {
        return "A loop can't be merged into itself. Name two different open loops.";
    }

    public static String unknownStatus(String given) {
        return "Unknown status '" + quoted(given) + "'. Use open, active, closed or all.";
    }

    public static String unknownTriage(String given) {
        return "Unknown triage class '" + quoted(given) + "'. Use untriaged, core, adjacent or peripheral.";
    }

    public static String unknownScope(String given) {
        return "Unknown scope '" + quoted(given) + "'. Use personal or server.";
    }

    public static String unknownOutcome(String given) {
        return "Unknown outcome '" + quoted(given) + "'. Use learned, applied, merged or let go.";
    }

    private static String whose(LoopScope.Kind among) {
        return among == LoopScope.Kind.SERVER ? "this server's" : "your";
    }

    /** A mistyped option quoted back: one line, short, markdown escaped (it may be up to 6,000 characters). */
    private static String quoted(String given) {
        return UserText.fitEcho(UserText.singleLine(given), QUOTED);
    }
}
