package dev.loopkeeper.storage;

import java.nio.file.Path;

/**
 * Another process for {@link ForgetThenCrashTest}: writes a person's row, deletes it in a second commit (as
 * {@code /forget-me} does) and says so, then waits to be killed before it empties the log ({@link Database#flushDeleted}
 * runs after the commit): a crash in that moment.
 */
public final class DeleteThenDie {
    static final String DELETED = "deleted";

    private DeleteThenDie() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(Path.of(args[0]));
        database.write(sql -> sql.update(
                "INSERT INTO person_hint (owner_id, hint, shown_at) VALUES ('ada', ?, 0)", args[1]));
        database.write(sql -> sql.update("DELETE FROM person_hint WHERE owner_id = 'ada'"));
        System.out.println(DELETED);
        System.out.flush();
        System.in.read(); // killed before this returns
        database.close();
    }
}
