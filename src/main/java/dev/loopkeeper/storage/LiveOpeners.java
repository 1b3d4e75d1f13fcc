package dev.loopkeeper.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Loopkeeper processes have a SQLite database open: a lock file beside it ({@code loopkeeper.db-lock}, there while
 * any has it open) that each holds a shared lock on while it has the database open, and an exclusive one while it
 * checks the file at its start.
 * The first to open it (no other holder) checks the file as {@link ClosedCleanly} decides and then marks the lock file
 * checked; a process that starts while another holds it (the console beside the bot) finds the mark and does not read
 * the file whole again: a live process checked it, and SQLite has kept it consistent since. A crash releases its
 * process's lock, so the next process alone with the file decides afresh (the mark of the processes gone is wiped).
 *
 * <p>One holder per file and process: a second {@link Database} on the same file in one process (tests) shares it, since
 * closing a second channel on a file can release every lock the process holds on it.
 */
final class LiveOpeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveOpeners.class);
    private static final byte[] CHECKED = "checked\n".getBytes(StandardCharsets.US_ASCII);
    /** This process's holder of each lock file, with how many databases share it. */
    private static final Map<Path, Holder> HELD = new HashMap<>();

    private final Path file;
    private final boolean checkedElsewhere;
    private final boolean othersOpen;
    private final boolean leftByACrash;
    private boolean closed;

    private LiveOpeners(Path file, boolean checkedElsewhere, boolean othersOpen, boolean leftByACrash) {
        this.file = file;
        this.checkedElsewhere = checkedElsewhere;
        this.othersOpen = othersOpen;
        this.leftByACrash = leftByACrash;
    }

    /** The lock file beside {@code db}. */
    static Path lockFile(Path db) {
        return db.resolveSibling(db.getFileName() + "-lock");
    }

    /**
     * Joins the processes that have {@code db} open, waiting while one of them checks it. Where the file system gives
     * no locks, every start decides alone, as before there were any.
     */
    static LiveOpeners join(Path db) {
        Path file = lockFile(db);
        synchronized (HELD) {
            Holder held = HELD.get(file);
            if (held != null) {
                held.users++;
                return new LiveOpeners(file, held.checked, held.othersOpen, false);
            }
            Holder holder = Holder.take(file);
            HELD.put(file, holder);
            return new LiveOpeners(file, holder.checkedElsewhere, holder.othersOpen, holder.leftByACrash);
        }
    }

    /**
     * Whether this process is alone with a file that Loopkeeper processes had open, checked, when the last of them died
     * (a kill, a crash, a power cut): their mark was on the lock file, which a clean stop of the last one takes away.
     */
    boolean leftByACrash() {
        return leftByACrash;
    }

    /** Whether another Loopkeeper process had the file open when this one joined (one in this process does not count). */
    boolean othersHaveItOpen() {
        return othersOpen;
    }

    /** Whether a live process checked the file at its start: this one need not read it whole. */
    boolean checkedByALiveProcess() {
        return checkedElsewhere;
    }

    /**
     * This process found the file sound (checked, or as Loopkeeper closed it cleanly): marked so for processes that
     * start while it runs, and its exclusive lock becomes a shared one.
     */
    void checked() {
        synchronized (HELD) {
            Holder holder = HELD.get(file);
            if (holder != null) {
                holder.checked();
            }
        }
    }

    /**
     * How the check beside the start ({@link BackgroundCheck}) ended. Until then this process holds the lock file
     * exclusively and unmarked, as a process checking before its start does: one that joins meanwhile waits for the
     * verdict, and one that starts after this process dies reads the file whole before its start. Found sound, the file
     * is marked checked, as after a check before the start. Otherwise (damage, or no verdict) the lock becomes shared
     * but stays unmarked: a process that joins checks the file itself before its start and refuses a damaged one, and
     * so does the next start after this one ends (a clean stop writes no note then) or dies.
     */
    void checkedBeside(BackgroundCheck.Result result) {
        synchronized (HELD) {
            Holder holder = HELD.get(file);
            if (holder == null) {
                return;
            }
            if (result == BackgroundCheck.Result.SOUND) {
                holder.checked();
            } else {
                holder.shareUnmarked();
            }
        }
    }

    /**
     * The check beside the start ({@link BackgroundCheck}) was cut short by this process's stop: the last to leave marks
     * the lock file as a crash leaves it, so the next start checks beside its start again instead of before it.
     */
    void checkStillOwed() {
        synchronized (HELD) {
            Holder holder = HELD.get(file);
            if (holder != null) {
                holder.checkOwed = true;
            }
        }
    }

    /** Leaves the openers; the last of this process's databases on the file gives its lock back. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Holder holder = HELD.get(file);
            if (holder != null && --holder.users == 0) {
                HELD.remove(file);
                holder.release();
            }
        }
    }

    /** This process's lock on one lock file. */
    private static final class Holder {
        private final Path file;
        private final FileChannel channel;
        private FileLock lock;
        private final boolean checkedElsewhere;
        /** Whether another process held the lock file when this one took it. */
        private final boolean othersOpen;
        /** Whether this process took the lock file alone with the mark of processes that died with the file open. */
        private final boolean leftByACrash;
        private boolean checked;
        /** Set by {@link LiveOpeners#checkStillOwed}: the last to leave keeps the lock file and its mark. */
        private boolean checkOwed;
        private int users = 1;

        private Holder(Path file, FileChannel channel, FileLock lock, boolean checkedElsewhere, boolean othersOpen) {
            this(file, channel, lock, checkedElsewhere, othersOpen, false);
        }

        private Holder(Path file, FileChannel channel, FileLock lock, boolean checkedElsewhere, boolean othersOpen,
                boolean leftByACrash) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
            this.checkedElsewhere = checkedElsewhere;
            this.othersOpen = othersOpen;
            this.leftByACrash = leftByACrash;
            this.checked = checkedElsewhere;
        }

        static Holder take(Path file) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                log.debug("No lock file {} ({}): this start decides alone whether to check the database", file,
                        e.toString());
                return new Holder(file, null, null, false, false);
            }
            try {
                FileLock alone = channel.tryLock(0, Long.MAX_VALUE, false);
                if (alone != null) {
                    // No other process has the database open: a mark left is of processes gone, the last of them by a
                    // crash or a kill (a clean stop of the last takes the lock file away).
                    boolean crashed = marked(channel);
                    channel.truncate(0);
                    return new Holder(file, channel, alone, false, false, crashed);
                }
                // Another process has it open; if it is checking the file now, this waits for its verdict.
                FileLock shared = awaitShared(file, channel);
                if (shared == null) {
                    // The checker neither ended nor died (a console suspended mid-check): this start checks alone.
                    close(channel);
                    return new Holder(file, null, null, false, true);
                }
                return new Holder(file, channel, shared, marked(channel), true);
            } catch (IOException | OverlappingFileLockException e) {
                log.debug("No lock on {} ({}): this start decides alone whether to check the database", file,
                        e.toString());
                close(channel);
                return new Holder(file, null, null, false, false);
            }
        }

        /**
         * A shared lock, once the process checking the file (which holds it exclusively) is done; null when that takes
         * longer than {@link #CHECK_WAIT}. Said in the log once it takes more than a moment.
         */
        private static FileLock awaitShared(Path file, FileChannel channel) throws IOException {
            long start = System.nanoTime();
            boolean said = false;
            while (true) {
                FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
                if (shared != null) {
                    return shared;
                }
                long waited = System.nanoTime() - start;
                if (waited > CHECK_WAIT.toNanos()) {
                    log.warn("Another Loopkeeper process has been checking the database for {} min without finishing; "
                            + "this one checks it itself", CHECK_WAIT.toMinutes());
                    return null;
                }
                if (!said && waited > SAY_AFTER.toNanos()) {
                    log.info("Another Loopkeeper process is checking the database ({}); waiting for it", file);
                    said = true;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        /** How long a start waits for another process's check: a cold million-loop file takes about three minutes. */
        private static final java.time.Duration CHECK_WAIT = java.time.Duration.ofMinutes(5);
        private static final java.time.Duration SAY_AFTER = java.time.Duration.ofSeconds(1);
        private static final java.time.Duration POLL = java.time.Duration.ofMillis(50);

        private static boolean marked(FileChannel channel) throws IOException {
            ByteBuffer content = ByteBuffer.allocate(CHECKED.length + 1);
            channel.read(content, 0);
            return content.position() == CHECKED.length
                    && java.util.Arrays.equals(content.array(), 0, CHECKED.length, CHECKED, 0, CHECKED.length);
        }

        void checked() {
            if (checked || channel == null) {
                checked = true;
                return;
            }
            checked = true;
            try {
                channel.write(ByteBuffer.wrap(CHECKED), 0);
                channel.force(false);
                if (!lock.isShared()) {
                    lock.release();
                    lock = channel.lock(0, Long.MAX_VALUE, true);
                }
            } catch (IOException | OverlappingFileLockException e) {
                log.debug("Could not mark {} checked ({}); the next process checks the database itself", file,
                        e.toString());
            }
        }

        /** The lock becomes shared without the mark: joiners check the file themselves. */
        void shareUnmarked() {
            if (channel == null || lock == null || lock.isShared()) {
                return;
            }
            try {
                lock.release();
                lock = channel.lock(0, Long.MAX_VALUE, true);
            } catch (IOException | OverlappingFileLockException e) {
                log.debug("Could not share {} ({}); the next process checks the database itself", file, e.toString());
            }
        }

        void release() {
            if (channel == null) {
                return;
            }
            try {
                if (lock != null) {
                    lock.release();
                }
                // The last process to leave takes the lock file away with its mark: the next start is alone, and
                // ClosedCleanly decides.
                FileLock last = channel.tryLock(0, Long.MAX_VALUE, false);
                if (last != null && checkOwed) {
                    // Marked as a killed process leaves it: the check beside is owed to the next start.
                    channel.write(ByteBuffer.wrap(CHECKED), 0);
                    channel.force(false);
                    last.release();
                } else if (last != null) {
                    // Emptied first: a process that opened the file just now and locks it after the deletion finds
                    // no mark of the dead on it, and is alone with the database.
                    channel.truncate(0);
                    try {
                        Files.delete(file);
                    } catch (IOException e) {
                        log.debug("Could not delete {} ({}); it stays, empty", file, e.toString());
                    }
                    last.release();
                }
            } catch (IOException | OverlappingFileLockException e) {
                log.debug("Leaving {}: {}", file, e.toString());
            } finally {
                close(channel);
            }
        }

        private static void close(FileChannel channel) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing a lock file: {}", e.toString());
            }
        }
    }
}
