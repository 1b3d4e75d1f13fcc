package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.support.AppTestBase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member's share of a server's shared lot, on a real database: one member can no longer fill the lot the whole group
 * shares (a lot of 60 here, so a share of {@link LoopLimits#MIN_MEMBER_SHARE}, 50); parks and reopens of theirs past it
 * are refused with what to do, while the others still park, and a manager is held to the lot's whole limit only.
 */
class MemberShareTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final String CID = "300";
    private static final String GUILD = "900";
    private static final LoopScope LOT = LoopScope.server(GUILD);
    private static final Origin GENERAL = Origin.channel(GUILD, "C1");
    private static final int LIMIT = 60;
    private static final int SHARE = 50;

    private LoopService loops;

    MemberShareTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(ConfigLoader.MAX_OPEN_LOOPS, String.valueOf(LIMIT));
    }

    @BeforeEach
    void open() {
        loops = app.loops();
    }

    private ParkResult park(String author, String concept, boolean managesServer) {
        return loops.park(new ParkRequest(author, concept, null, GENERAL, LOT, managesServer));
    }

    private OpenLoop parked(String author, String concept, boolean managesServer) {
        return assertInstanceOf(ParkResult.Parked.class, park(author, concept, managesServer)).loop();
    }

    private long openInLot() {
        return loops.list(LOT, Actor.member(BOB, GUILD, false), LoopFilter.open(), 0, 10).total();
    }

    @Test
    void theShareIsATenthOfTheLotNeverBelowTheFloorNorAboveTheLot() {
        assertEquals(500, LoopLimits.memberShare(5000));
        assertEquals(50, LoopLimits.memberShare(LIMIT));
        assertEquals(20, LoopLimits.memberShare(20), "a lot smaller than the floor is one member's whole");
        assertEquals(100_000, LoopLimits.memberShare(1_000_000));
    }

    @Test
    void oneMemberCannotFillTheLotTheOthersStillParkAndAManagerIsHeldToTheWholeLimit() {
        OpenLoop first = parked(ADA, "sensor fusion topic 0", false);
        for (int i = 1; i < SHARE; i++) {
            parked(ADA, "sensor fusion topic " + i, false);
        }

        InvalidInputException full = assertThrows(InvalidInputException.class,
                () -> park(ADA, "one topic too many", false));
        assertEquals(LoopErrors.memberShareFull(SHARE, SHARE, "park this one"), full.getMessage());
        assertEquals(SHARE, openInLot(), "nothing was saved");
        assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "Sensor fusion topic 0", "a new why", GENERAL, LOT)),
                "the same concept again adds to its loop, so the share does not stop it");
        assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(ADA, "one topic too many", null, GENERAL)),
                "Ada's own loops are not the lot's");

        parked(BOB, "Kalman filter", false);

        // Closing one of hers makes room for one more; reopening the closed one then would pass her share.
        loops.close(LOT, Actor.member(ADA, GUILD, false), first.id(), Outcome.LEARNED, null);
        parked(ADA, "particle filter", false);
        InvalidInputException reopen = assertThrows(InvalidInputException.class,
                () -> loops.reopen(LOT, Actor.member(ADA, GUILD, false), first.id()));
        assertEquals(LoopErrors.memberShareFull(SHARE, SHARE, "reopen it"), reopen.getMessage());

        // A manager may reopen it (the lot has room), and parks past a share, but never past the lot's limit.
        loops.reopen(LOT, Actor.member(CID, GUILD, true), first.id());
        for (long open = openInLot(); open < LIMIT; open++) {
            parked(CID, "reading list item " + open, true);
        }
        InvalidInputException lotFull = assertThrows(InvalidInputException.class,
                () -> park(CID, "one item too many", true));
        assertEquals(LoopErrors.serverLotFull(LIMIT), lotFull.getMessage());
        assertEquals(LIMIT, openInLot());
    }
}
