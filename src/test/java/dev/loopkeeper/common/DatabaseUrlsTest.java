package dev.loopkeeper.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlsTest {

    @Test
    void aPasswordBeforeTheHostOrInAParameterIsMaskedAndTheRestShown() {
        assertEquals("postgres://alice:***@db.example.com:5432/loopkeeper",
                DatabaseUrls.redact("postgres://alice:s3cretPW@db.example.com:5432/loopkeeper"));
        assertEquals("jdbc:postgresql://alice:***@host/db",
                DatabaseUrls.redact("jdbc:postgresql://alice:s3cretPW@host/db"));
        assertEquals("jdbc:postgresql://host:5432/db?user=lk&password=***&ssl=true",
                DatabaseUrls.redact("jdbc:postgresql://host:5432/db?user=lk&password=s3cret&ssl=true"));
        // A password holding @ or / is masked whole: the user part runs to the last @ before the query.
        assertEquals("postgres://alice:***@host/db?sslmode=require",
                DatabaseUrls.redact("postgres://alice:p@ss/w0rd@host/db?sslmode=require"));
        assertEquals("postgres://alice:***@host/db", DatabaseUrls.redact("postgres://alice:pa?ss#w@host/db"));
        // Inside a sentence, as a message quotes it; a user alone, or an @ in the query, is no password.
        assertEquals("cannot connect to postgres://alice:***@host/db (refused)",
                DatabaseUrls.redact("cannot connect to postgres://alice:pw@host/db (refused)"));
        assertEquals("postgres://alice@host/db", DatabaseUrls.redact("postgres://alice@host/db"));
        assertEquals("jdbc:postgresql://host:5432/db?user=alice@azure",
                DatabaseUrls.redact("jdbc:postgresql://host:5432/db?user=alice@azure"));
        assertEquals("./data/postgres-old.db", DatabaseUrls.redact("./data/postgres-old.db"));
    }

    @Test
    void aDriversWordsQuotingAPieceOfTheUrlLoseThePasswordToo() {
        String url = "jdbc:postgresql://alice:s3cretPW@127.0.0.1:1/loopkeeper";
        assertEquals("UnknownHostException: alice:***@127.0.0.1: invalid IPv6 address literal", DatabaseUrls.redact(
                "UnknownHostException: alice:s3cretPW@127.0.0.1: invalid IPv6 address literal", url));
        assertEquals("password authentication failed (***)", DatabaseUrls.redact(
                "password authentication failed (given)", "jdbc:postgresql://host/db", "given"));
    }

    @Test
    void theUserPartAndTheHostOnAreFoundInBothForms() {
        assertEquals(Optional.of("alice:s3cret"), DatabaseUrls.userInfo("postgres://alice:s3cret@db.example.com/lk"));
        assertEquals(Optional.of("alice:s3cret"), DatabaseUrls.userInfo("jdbc:postgresql://alice:s3cret@host/lk"));
        assertEquals(Optional.empty(), DatabaseUrls.userInfo("jdbc:postgresql://host:5432/lk?user=a@b"));
        assertEquals(Optional.empty(), DatabaseUrls.userInfo("./data/loopkeeper.db"));
        assertEquals("db.example.com:5432/lk?sslmode=require",
                DatabaseUrls.hostOn("postgres://alice:s3cret@db.example.com:5432/lk?sslmode=require"));
        assertEquals("host/lk", DatabaseUrls.hostOn("postgresql://host/lk"));
    }
}
