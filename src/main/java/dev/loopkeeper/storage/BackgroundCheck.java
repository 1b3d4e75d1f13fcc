package dev.loopkeeper.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@code PRAGMA quick_check} of a file whose Loopkeeper process was killed or crashed while it had it open, run beside
 * the process rather than before its start. SQLite in WAL mode with {@code synchronous=FULL} keeps such a file
 * consistent by design; the check is for a disk or file system that did not keep its word, which is no reason to keep
 * the bot from answering for the minutes it takes (a million loops: 1.8 s from the page cache, 87 to 178 s from a cold
 * disk). It reads a snapshot on a read-only connection of its own while the process writes. Damage found is logged as
 * an error with what to do, and the process's clean stop then writes no note ({@link ClosedCleanly}), so the next start
 * reads the file whole before anything and refuses it, as it refuses any damaged file. A check a stop cuts short leaves
 * no note either, and the lock file keeps the crash's mark ({@link LiveOpeners#checkStillOwed}): the next start checks
 * beside its start again. Until it ends, the lock file is held as for a check before the start, unmarked: a process
 * that joins meanwhile waits for the verdict ({@link LiveOpeners#checkedBeside}).
 */
final class BackgroundCheck {
    private static final Logger log = LoggerFactory.getLogger(BackgroundCheck.class);
    /** How long a stop waits for the check to give up once it is told to. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final int DETAIL_LIMIT = 300;

    enum Result {
        RUNNING,
        SOUND,
        DAMAGED,
        /** Cut short by the stop, or SQLite could not read the file for another reason: nothing is known. */
        UNFINISHED
    }

    private final Path path;
    /** Told how the check ended, before anyone waiting on {@link #await} is. */
    private final java.util.function.Consumer<Result> ended;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Statement statement;
    private volatile boolean stopping;
    private volatile Result result = Result.RUNNING;

    private BackgroundCheck(Path path, java.util.function.Consumer<Result> ended) {
        this.path = path;
        this.ended = ended;
    }

    /**
     * Starts the check of {@code path} on a thread of its own, and says so in the log; {@code ended} is told how it
     * ended (sound, damaged, or unfinished), on that thread.
     */
    static BackgroundCheck start(Path path, java.util.function.Consumer<Result> ended) {
        BackgroundCheck check = new BackgroundCheck(path, ended);
        log.info("Checking {} page by page (quick_check) in the background: the Loopkeeper process that had it open "
                + "was killed or crashed. Loopkeeper works meanwhile; the result follows in this log.", path);
        Thread thread = new Thread(check::run, "loopkeeper-db-check");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return check;
    }

    private void run() {
        long started = System.nanoTime();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + path.toUri() + "?mode=ro");
                Statement check = connection.createStatement()) {
            statement = check;
            if (stopping) {
                result = Result.UNFINISHED;
                return;
            }
            try (ResultSet rows = check.executeQuery("PRAGMA quick_check")) {
                String first = rows.next() ? rows.getString(1) : "no answer";
                if ("ok".equals(first)) {
                    result = Result.SOUND;
                    log.info("Checked {} page by page: no damage ({} s)", path,
                            String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
                } else {
                    damaged("quick_check: " + DatabaseFile.oneLine(first));
                }
            }
        } catch (SQLException e) {
            if (stopping) {
                result = Result.UNFINISHED;
                log.info("The check of {} was cut short by the stop; the next start checks it again", path);
            } else if (corrupt(e)) {
                damaged("SQLite: " + DatabaseFile.oneLine(String.valueOf(e.getMessage())));
            } else {
                result = Result.UNFINISHED;
                log.warn("Could not check {} page by page ({}); the next start checks it again", path,
                        DatabaseFile.oneLine(String.valueOf(e.getMessage())));
            }
        } finally {
            statement = null;
            try {
                ended.accept(result);
            } finally {
                done.countDown();
            }
        }
    }

    private void damaged(String found) {
        result = Result.DAMAGED;
        // quick_check lists every page it finds wrong: the first few say enough for a log line.
        String detail = found.length() > DETAIL_LIMIT ? found.substring(0, DETAIL_LIMIT) + " ..." : found;
        log.error("{} is damaged ({}). Loopkeeper goes on with it, but whatever touches the damaged pages fails. Stop "
                + "Loopkeeper and restore your latest backup (README: Back up and upgrade); until then every start "
                + "refuses the file.", path, detail);
    }

    private static boolean corrupt(SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    /** How the check went so far. */
    Result result() {
        return result;
    }

    /** Waits at most {@code limit} for the check to end; its result (RUNNING if it has not). */
    Result await(Duration limit) throws InterruptedException {
        done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    /**
     * Stops the check (the process is stopping) and returns whether it found the file sound: only then may the clean
     * stop's note say that the file needs no check at the next start.
     */
    boolean stopFoundItSound() {
        stopping = true;
        Statement running = statement;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException e) {
                log.debug("Cancelling the check of {}: {}", path, e.toString());
            }
        }
        try {
            done.await(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result == Result.SOUND;
    }
}
