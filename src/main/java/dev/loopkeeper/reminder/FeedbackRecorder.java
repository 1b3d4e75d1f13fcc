package dev.loopkeeper.reminder;

import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a person does into feedback the relevance index learns from: the reminder buttons (taken up: "Open it
 * now"; turned down: "Not relevant", "Let it go") for the reminder's focus, and a personal loop closed as learned or
 * applied while some work is in focus, for the active work it matches best.
 */
public final class FeedbackRecorder implements LoopListener {
    private static final Logger log = LoggerFactory.getLogger(FeedbackRecorder.class);

    private final Database database;
    private final RelevanceIndex relevance;
    private final FocusService focus;
    private final Clock clock;

    public FeedbackRecorder(Database database, RelevanceIndex relevance, FocusService focus, Clock clock) {
        this.database = database;
        this.relevance = relevance;
        this.focus = focus;
        this.clock = clock;
    }

    /** A button pressed on a reminded loop; snoozing teaches nothing (it says "not now", not "not this"). */
    public void acted(String ownerId, long loopId, String focusText, ReminderAction action) {
        int sign = switch (action) {
            case OPEN -> 1;
            case NOT_RELEVANT, LET_GO -> -1;
            case SNOOZE_WEEK, SNOOZE_FOCUS, SNOOZE_REVIEW -> 0;
        };
        if (sign != 0) {
            relevance.learn(ownerId, loopId, focusText, sign, action.name().toLowerCase(Locale.ROOT), clock.instant());
        }
    }

    /** Inside the caller's transaction, forgets what {@link #acted} learned from this answer, which was taken back. */
    public void takenBack(SqlSession sql, String ownerId, long loopId, String focusText, ReminderAction action)
            throws SQLException {
        relevance.unlearn(sql, ownerId, loopId, focusText, action.name().toLowerCase(Locale.ROOT));
    }

    /**
     * A loop let go from a reminder and reopened: the person took that answer back (its answer says /reopen does), so
     * what it taught is forgotten. Kept, the loop came back "open" yet scored 0.3 lower, without the concept map's
     * support, for the work it was let go for: as good as never.
     */
    @Override
    public void onReopened(OpenLoop reopened) {
        if (reopened.scope().isServer()) {
            return;
        }
        String source = ReminderAction.LET_GO.name().toLowerCase(Locale.ROOT);
        try {
            // Asked first: most reopened loops were not let go from a reminder, and a write waits for the write lock.
            if (database.read(sql -> relevance.learned(sql, reopened.ownerId(), reopened.id(), source))) {
                database.inTransaction(sql -> relevance.unlearn(sql, reopened.ownerId(), reopened.id(), null, source));
            }
        } catch (RuntimeException e) {
            // The reopen is committed and answered; a lesson left must not turn it into an error.
            log.warn("Could not forget what letting go of loop {} taught", reopened.id(), e);
        }
    }

    @Override
    public void onClosed(OpenLoop closed) {
        if (closed.scope().isServer() || closed.outcome() == null
                || closed.outcome() != Outcome.LEARNED && closed.outcome() != Outcome.APPLIED) {
            return; // let go and merged say nothing about the work; a server loop is no one person's
        }
        try {
            List<String> works = focus.active(closed.ownerId()).stream().map(Focus::text).toList();
            relevance.learnFromClosing(closed.ownerId(), closed.id(), works, closed.outcome().db(), clock.instant());
        } catch (RuntimeException e) {
            // The close is committed and answered; a lost lesson must not turn it into an error.
            log.warn("Could not learn from closing loop {}", closed.id(), e);
        }
    }
}
