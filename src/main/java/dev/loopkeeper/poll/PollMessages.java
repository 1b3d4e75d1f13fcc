package dev.loopkeeper.poll;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What triage polls say, on Discord and in the console: refusals, the starter's answer, and the follow-up. */
public final class PollMessages {
    private final TimeText time;

    public PollMessages(TimeText time) {
        this.time = time;
    }

    /** {@code /triage poll:} in a server that added Loopkeeper's commands but not its bot. */
    public static String botNotInServer() {
        return "Loopkeeper's bot is not a member of this server (only its commands are), so it cannot post a "
                + "poll here. Invite the bot to the server, then run this again. Nothing was posted.";
    }

    public static String needsServer() {
        return "Polls are for a server's shared loops: run /triage poll in the server, on a loop parked there with "
                + "scope:server. Nothing was posted.";
    }

    /** Who may start polls here, when the caller may not. */
    public static String mayNotStart(Optional<String> roleId) {
        return "Starting a triage poll here needs the Manage Server permission"
                + roleId.map(id -> " or the <@&" + id + "> role").orElse("") + ". Nothing was posted.";
    }

    public static String hoursOutOfRange(long hours) {
        return hoursOutOfRange(String.valueOf(hours));
    }

    /** The same for hours as typed (a number too large for any type is quoted as it was given). */
    public static String hoursOutOfRange(String hours) {
        return "A poll stays open from 1 to " + PollRules.MAX_HOURS + " hours (7 days), not " + hours
                + ". Nothing was posted.";
    }

    public static String notWithLoopOrClass() {
        return "poll starts a vote on one of this server's shared loops; loop and class set one of your own. Use one "
                + "or the other. Nothing was changed.";
    }

    public static String hoursNeedPoll() {
        return "hours is how long a poll stays open: give it with poll:<a server loop>. Nothing was changed.";
    }

    /** {@link #notWithLoopOrClass} in the console, whose poll is a local one on the person's own loops. */
    public static String localNotWithLoopOrClass() {
        return "poll starts a local vote on one of your loops; loop and class set its class directly. Use one or the "
                + "other. Nothing was changed.";
    }

    /** {@link #hoursNeedPoll} in the console. */
    public static String localHoursNeedPoll() {
        return "hours is how long a poll stays open: give it with poll:<one of your loops>. Nothing was changed.";
    }

    /** {@link #notPosted()} when the bot knows the permission it lacks in the channel (a thread's is its own). */
    public static String notPosted(String missingPermission) {
        return "The poll could not be posted in this channel: the bot lacks the " + missingPermission + " permission "
                + "here. Once a server manager grants it, run this again. Nothing was started.";
    }

    public static String notPosted() {
        return "Discord did not take the poll in this channel (the bot may lack Send Messages or Create Polls here). "
                + "Nothing was started.";
    }

    public static String alreadyPolling(TriagePoll poll) {
        if (poll.status() == TriagePoll.Status.POSTING) {
            // Saved and not yet accepted by Discord: being posted now, or cut off by a restart (given up after a while).
            return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(poll.concept()), echo -> "A poll on **"
                    + echo.get(0) + "** is being posted right now. If it does not show in the channel, it can be started "
                    + "again " + PollRules.POSTING_GRACE.toMinutes() + " minutes after the first try. Nothing more was "
                    + "posted.");
        }
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(poll.concept()), echo -> "**" + echo.get(0)
                + "** already has a poll running; its result is written back when it closes. One poll per loop at a "
                + "time. Nothing was posted.");
    }

    /** The starter's private answer once the poll is up. */
    public String posted(TriagePoll poll, int quorum) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(poll.concept()), echo -> "Poll posted for the group: **"
                + echo.get(0) + "**. It closes " + time.dateAndDistance(poll.closesAt()) + "; then the winning answer "
                + "becomes its class (" + rules(quorum) + ").");
    }

    /** The rules, as the console's local run and the starter's answer state them. */
    public static String rules(int quorum) {
        return "at least " + votes(quorum) + " needed; a tie changes nothing; Let it go closes the loop";
    }

    /** The follow-up in the poll's channel: what the group decided, and the tally. */
    public static String result(PollResult result) {
        PollVotes votes = result.votes();
        String tally = " (" + PollAnswer.ALL.stream().map(a -> a.label() + " " + votes.of(a))
                .collect(Collectors.joining(" · ")) + "; " + votes(votes.total()) + ")";
        List<String> echoes = result.renamedTo().map(now -> List.of(result.poll().concept(), now))
                .orElse(List.of(result.poll().concept()));
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            // Renamed while the poll ran: the group voted on the poll's words, and the result went to the loop as it
            // is now; both are named.
            String about = "The poll on **" + echo.get(0) + "**"
                    + (echo.size() > 1 ? " (since renamed **" + echo.get(1) + "**)" : "") + " has closed";
            return switch (result.verdict().kind()) {
                case CORE, ADJACENT, PERIPHERAL -> {
                    String chosen = result.verdict().winner().orElseThrow().label().toLowerCase(Locale.ROOT);
                    yield about + ": the group finds it **" + chosen + "** to the track, and that is its class now."
                            + tally;
                }
                case LET_GO -> about + ": the group lets it go, so it is closed as let go." + tally;
                case TIE -> about + " in a tie between " + names(result.verdict().leaders()) + " ("
                        + votes(votes.of(result.verdict().leaders().get(0))) + " each), so its class stays as it was. "
                        + "Another /triage poll can settle it." + tally;
                case QUORUM -> about + " with " + votes(votes.total()) + "; a result needs at least "
                        + votes(result.quorum()) + ", so its class stays as it was." + tally;
                case NOT_OPEN -> about + ", but the loop was closed meanwhile, so nothing changed." + tally;
            };
        });
    }

    /** The weekly server digest's section on the polls decided that week. */
    public static String digestTitle() {
        return "Poll results";
    }

    /** One decided poll in the digest: the concept, what came of it, the tally. The concept is escaped and shortened. */
    public static String digestLine(TriagePoll poll) {
        String concept = "**" + UserText.escapeMarkdown(UserText.shorten(poll.concept(), 80)) + "**";
        PollVotes votes = poll.votes().orElse(PollVotes.NONE);
        String tally = " (" + PollAnswer.ALL.stream().map(a -> a.label() + " " + votes.of(a))
                .collect(Collectors.joining(" · ")) + ")";
        String outcome = switch (poll.decision().orElse(Verdict.Kind.NOT_OPEN)) {
            case CORE -> "core";
            case ADJACENT -> "adjacent";
            case PERIPHERAL -> "peripheral";
            case LET_GO -> "let go";
            case TIE -> "a tie, class unchanged";
            case QUORUM -> "too few votes, class unchanged";
            case NOT_OPEN -> "closed meanwhile, unchanged";
        };
        return concept + ": " + outcome + tally;
    }

    /** The console's local run: what to type. */
    public static String localIntro(TriagePoll poll, int quorum) {
        return poll.question() + "\nA local poll: type each vote on its own line (core, adjacent, peripheral or "
                + "let go), then done or an empty line (" + rules(quorum) + ").";
    }

    public static String votePrompt(PollVotes sofar) {
        return "Vote " + (sofar.total() + 1) + ":";
    }

    public static String notAVote(String typed) {
        return "'" + UserText.shorten(UserText.singleLine(typed), 40) + "' is not an answer: core, adjacent, "
                + "peripheral or let go (done ends the poll).";
    }

    public static String localEnded() {
        return "The poll ends here.";
    }

    private static String names(List<PollAnswer> answers) {
        List<String> labels = answers.stream().map(PollAnswer::label).collect(Collectors.toList());
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
    }

    private static String votes(int count) {
        return count == 1 ? "1 vote" : count + " votes";
    }
}
