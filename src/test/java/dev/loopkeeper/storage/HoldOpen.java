package dev.loopkeeper.storage;

import java.nio.file.Path;

/** Another process for {@link LiveOpenersTest}: opens the database, says so, and keeps it open until killed. */
public final class HoldOpen {
    static final String OPEN = "open";
    /** The second argument for a process that holds the write lock as an upgrade does. */
    static final String UPGRADING = "upgrading";
    /** The second argument for a process that only opens the database and says whether it could, then ends. */
    static final String ONLY_OPEN = "only-open";
    /** What an {@link #ONLY_OPEN} process says when the start refused the file. */
    static final String REFUSED = "refused";

    private HoldOpen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals(UPGRADING)) {
            // As a Loopkeeper process bringing the file to a new version: among its openers, with the write lock.
            LiveOpeners live = LiveOpeners.join(Path.of(args[0]));
            live.checked();
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                System.out.println(OPEN);
                System.out.flush();
                System.in.read();
            }
            return;
        }
        if (args.length > 1 && args[1].equals(ONLY_OPEN)) {
            try {
                Database.open(Path.of(args[0])).close();
                System.out.println(OPEN);
            } catch (DatabaseFileException e) {
                System.out.println(REFUSED);
            }
            System.out.flush();
            return;
        }
        Database database = Database.open(Path.of(args[0]));
        database.write(sql -> sql.update("INSERT INTO person_hint (owner_id, hint, shown_at) VALUES ('ada', 'x', 0)"));
        System.out.println(OPEN);
        System.out.flush();
        System.in.read(); // until the test ends it
        database.close();
    }
}
