package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.TestApp;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules on a server's shared loops, on a real database (SQLite, or PostgreSQL): any member of the server may see them and say "me too" (once),
 * only the author or a server manager may close one, another server's members and DMs are refused, and personal and
 * server loops never meet.
 */
class LoopScopeTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final String CID = "300";
    private static final String GUILD = "900";
    private static final String OTHER_GUILD = "901";
    private static final LoopScope LOT = LoopScope.server(GUILD);
    private static final Origin GENERAL = Origin.channel(GUILD, "C1");

    private LoopService loops;

    LoopScopeTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void open() {
        loops = app.loops();
    }

    private static Actor member(String userId) {
        return Actor.member(userId, GUILD, false);
    }

    private OpenLoop parkForGroup(String author, String concept, String why) {
        return assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(author, concept, why, GENERAL, LOT))).loop();
    }

    /** The scope column as an SQL reader sees it, read through a second connection to the same database. */
    private String storedScope(long loopId) throws SQLException {
        try (Database db = TestApp.database(folder.resolve("loopkeeper.db"))) {
            return db.read(sql -> sql.queryOne("SELECT scope FROM open_loop WHERE id = ?", row -> row.getString(1),
                    loopId)).orElseThrow();
        }
    }

    @Test
    void theOwnerKeyOfAServerNeverEqualsAPersonsAndReadsBack() {
        assertEquals("server-900", LOT.ownerKey());
        assertEquals("100", LoopScope.personal(ADA).ownerKey());
        assertEquals(Optional.of(LOT), LoopScope.ofOwnerKey("server-900"));
        assertEquals(Optional.of(LoopScope.personal("local")), LoopScope.ofOwnerKey("local"));
        assertEquals(Optional.empty(), LoopScope.ofOwnerKey("server-"), "a crafted key names nobody");
        assertThrows(IllegalArgumentException.class, () -> LoopScope.personal("server-900"));
        assertThrows(IllegalArgumentException.class, () -> LoopScope.server("9:00"));
    }

    @Test
    void aServerParkIsOwnedByTheServerWrittenByItsAuthorAndStoredAsServerScope() throws SQLException {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter", "the robotics track starts next week");

        assertEquals("server-900", loop.ownerId());
        assertEquals(LOT, loop.scope());
        assertEquals(ADA, loop.authorId());
        assertEquals("server", storedScope(loop.id()), "open_loop.scope says so too, for SQL readers");
        assertEquals(1, loops.list(LOT, member(BOB), LoopFilter.open(), 0, 10).interestOf(loop.id()),
                "the author is its first me too");
    }

    @Test
    void personalAndServerListsNeverMix() {
        OpenLoop mine = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "my private worry", null, GENERAL))).loop();
        OpenLoop shared = parkForGroup(ADA, "consensus protocols", null);

        assertEquals(LoopScope.personal(ADA), mine.scope());
        assertEquals(List.of(mine.id()), loops.list(ADA, LoopFilter.open(), 0, 10).loops().stream()
                .map(OpenLoop::id).toList(), "Ada's own list holds no server loop");
        assertEquals(List.of(shared.id()), loops.list(LOT, member(BOB), LoopFilter.open(), 0, 10).loops().stream()
                .map(OpenLoop::id).toList(), "the server's list holds nobody's personal loop");
        assertEquals(List.of("consensus protocols"), loops.suggest(LOT, member(BOB), "").stream()
                .map(LoopName::concept).toList());
        assertEquals(List.of("my private worry"), loops.suggest(ADA, "").stream().map(LoopName::concept).toList());
        assertEquals(1, loops.countOpen(ADA));

        InvalidInputException personalIdInServer = assertThrows(InvalidInputException.class,
                () -> loops.resolve(LOT, member(BOB), Long.toString(mine.id())));
        assertEquals(LoopErrors.noSuchOpenLoop(LoopScope.Kind.SERVER), personalIdInServer.getMessage());
        assertThrows(InvalidInputException.class, () -> loops.resolve(ADA, Long.toString(shared.id())),
                "a server loop's id finds nothing among Ada's own");
        assertThrows(InvalidInputException.class, () -> loops.close(ADA, shared.id(), Outcome.LEARNED, null));
    }

    @Test
    void theSameConceptInTheServerAndInPersonalLoopsAreTwoLoops() {
        parkForGroup(ADA, "attention", null);
        assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(ADA, "Attention", null, GENERAL)));
        assertEquals(1, loops.countOpen(ADA));
    }

    @Test
    void meTooCountsEachMemberOnceAndReturnsTheCount() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter", null);

        MeToo bob = loops.meToo(LOT, member(BOB), loop.id());
        MeToo bobAgain = loops.meToo(LOT, member(BOB), loop.id());
        MeToo cid = loops.meToo(LOT, member(CID), loop.id());
        MeToo author = loops.meToo(LOT, member(ADA), loop.id());

        assertTrue(bob.added());
        assertEquals(2, bob.count());
        assertFalse(bobAgain.added(), "a second click changes nothing");
        assertEquals(2, bobAgain.count());
        assertEquals(3, cid.count());
        assertFalse(author.added(), "the author was counted at park time");
        assertEquals(3, author.count());
        assertEquals(3, loops.list(LOT, member(BOB), LoopFilter.open(), 0, 10).interestOf(loop.id()));
    }

    @Test
    void parkingTheSameConceptIntoTheServerCountsAsMeTooAndMakesNoSecondLoop() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter", null);

        ParkResult.AlreadyOpen again = assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(BOB, "kalman  FILTER", "my drone drifts", GENERAL, LOT)));

        assertEquals(loop.id(), again.existing().id());
        assertEquals(2, again.interest());
        assertTrue(again.meTooAdded());
        assertEquals("my drone drifts", again.added().orElseThrow().why());
        assertEquals(1, loops.list(LOT, member(CID), LoopFilter.open(), 0, 10).total());
        LoopMessages words = new LoopMessages(moment -> "just now");
        assertTrue(words.alreadyOpen(again).contains(" Your Me too is counted: it matters to 2 people."),
                words.alreadyOpen(again));

        // The author parks it again: counted at park time already, so nothing more is counted, and the answer says so.
        ParkResult.AlreadyOpen byAuthor = assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "Kalman filter", null, GENERAL, LOT)));
        assertFalse(byAuthor.meTooAdded());
        assertEquals(2, byAuthor.interest());
        assertTrue(words.alreadyOpen(byAuthor).contains(" You are counted already: it matters to 2 people."),
                words.alreadyOpen(byAuthor));
    }

    @Test
    void onlyTheAuthorOrAServerManagerMayCloseAServerLoop() {
        OpenLoop byAda = parkForGroup(ADA, "Kalman filter", null);
        OpenLoop alsoByAda = parkForGroup(ADA, "particle filter", null);

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> loops.close(LOT, member(BOB), byAda.id(), Outcome.LEARNED, null));
        assertEquals(LoopErrors.mayNotClose(), refused.getMessage());
        assertEquals(2, loops.list(LOT, member(BOB), LoopFilter.open(), 0, 10).total(), "still open");

        OpenLoop closedByAuthor = loops.close(LOT, member(ADA), byAda.id(), Outcome.LEARNED, "predict, then correct");
        assertEquals(LoopStatus.CLOSED, closedByAuthor.status());
        assertEquals("predict, then correct", closedByAuthor.takeaway());

        OpenLoop closedByManager = loops.close(LOT, Actor.member(BOB, GUILD, true), alsoByAda.id(), Outcome.LET_GO,
                null);
        assertEquals(LoopStatus.CLOSED, closedByManager.status());
        assertEquals(0, loops.list(LOT, member(CID), LoopFilter.open(), 0, 10).total());
    }

    @Test
    void aClosedServerLoopTakesNoMoreMeToos() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter", null);
        loops.close(LOT, member(ADA), loop.id(), Outcome.LEARNED, null);

        InvalidInputException late = assertThrows(InvalidInputException.class,
                () -> loops.meToo(LOT, member(BOB), loop.id()));
        assertEquals(dev.loopkeeper.loop.LoopService.notOpen(loops.find(LOT.ownerKey(), loop.id()).orElseThrow(),
                LoopScope.Kind.SERVER, member(BOB)), late.getMessage());
        assertTrue(late.getMessage().endsWith("Whoever parked it, or someone with Manage Server, can bring it back with "
                + "/reopen."), "BOB may not reopen it: " + late.getMessage());
        assertTrue(late.getMessage().contains("**Kalman filter** was closed as learned"), late.getMessage());
    }

    @Test
    void anotherServersMemberAndSomeoneInADmAreRefusedEverywhere() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter", null);
        Actor outsider = Actor.member(BOB, OTHER_GUILD, true);
        Actor inDm = Actor.person(BOB);

        for (Actor actor : List.of(outsider, inDm)) {
            String expected = actor == outsider ? LoopErrors.otherServer() : LoopErrors.serverScopeNeedsServer();
            assertEquals(expected, assertThrows(InvalidInputException.class,
                    () -> loops.list(LOT, actor, LoopFilter.open(), 0, 10)).getMessage());
            assertEquals(expected, assertThrows(InvalidInputException.class,
                    () -> loops.meToo(LOT, actor, loop.id())).getMessage());
            assertEquals(expected, assertThrows(InvalidInputException.class,
                    () -> loops.close(LOT, actor, loop.id(), Outcome.LEARNED, null)).getMessage());
            assertEquals(expected, assertThrows(InvalidInputException.class,
                    () -> loops.suggest(LOT, actor, "")).getMessage());
        }
        assertEquals(1, loops.list(LOT, member(CID), LoopFilter.open(), 0, 10).interestOf(loop.id()),
                "no refused me too was counted");
    }

    @Test
    void aServerLoopIsParkedOnlyInItsOwnServer() {
        InvalidInputException fromDm = assertThrows(InvalidInputException.class,
                () -> loops.park(new ParkRequest(ADA, "Kalman filter", null, Origin.none(), LOT)));
        assertEquals(LoopErrors.serverScopeNeedsServer(), fromDm.getMessage());
        InvalidInputException fromElsewhere = assertThrows(InvalidInputException.class,
                () -> loops.park(new ParkRequest(ADA, "Kalman filter", null, Origin.channel(OTHER_GUILD, "C9"), LOT)));
        assertEquals(LoopErrors.otherServer(), fromElsewhere.getMessage());
        assertEquals(0, loops.list(LOT, member(ADA), LoopFilter.open(), 0, 10).total());
    }

    @Test
    void meTooIsOnlyForServerLoops() {
        OpenLoop mine = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "my own", null, GENERAL))).loop();
        assertEquals(LoopErrors.meTooIsForServerLoops(), assertThrows(InvalidInputException.class,
                () -> loops.meToo(LoopScope.personal(ADA), Actor.person(ADA), mine.id())).getMessage());
    }

    @Test
    void aPersonalRequestForSomeoneElseIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> new ParkRequest(ADA, "x", null, Origin.none(), LoopScope.personal(BOB)));
        assertThrows(IllegalArgumentException.class,
                () -> loops.list(LoopScope.personal(BOB), Actor.person(ADA), LoopFilter.open(), 0, 10));
    }
}
