package dev.loopkeeper.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Another process for {@link LiveOpenersTest}: opens the database, says so, and keeps it open until killed. */
public final class HoldOpen {
    static final String OPEN = "open";

    private HoldOpen() {
    }

    public static void main(String[] args) throws IOException {
        Database database = Database.open(Path.of(args[0]));
        database.write(sql -> sql.update("INSERT INTO person_hint (owner_id, hint, shown_at) VALUES ('ada', 'x', 0)"));
        System.out.println(OPEN);
        System.out.flush();
        System.in.read(); // until the test ends it
        database.close();
    }
}
