package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where a server loop's post for the group is ({@code group_post}, V21) on a real database (SQLite, or PostgreSQL),
 * and the loop changes its post follows: every way a loop closes, an edit and a reopen tell the loop's listeners after
 * their commit, which is how the Discord front learns to edit the post.
 */
class GroupPostsTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final String GUILD = "900";
    private static final String CHANNEL = "901";
    private static final LoopScope LOT = LoopScope.server(GUILD);

    private final List<String> told = new ArrayList<>();

    GroupPostsTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void listen() {
        app.loops().listen(new LoopListener() {
            @Override
            public void onClosed(OpenLoop closed) {
                told.add("closed #" + closed.id() + " " + closed.outcome().label() + " " + closed.status().db());
            }

            @Override
            public void onEdited(Edited edited) {
                told.add("edited #" + edited.after().id() + " " + edited.after().concept());
            }

            @Override
            public void onReopened(OpenLoop reopened) {
                told.add("reopened #" + reopened.id() + " " + reopened.status().db());
            }
        });
    }

    private OpenLoop parkForGroup(String concept) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA, concept, null,
                Origin.channel(GUILD, CHANNEL), LOT))).loop();
    }

    private static Actor author() {
        return Actor.member(ADA, GUILD, false);
    }

    @Test
    void aPostIsRememberedReplacedByANewerOneNotBySeeingAnotherAndForgottenOnlyForItsOwnMessage() {
        OpenLoop loop = parkForGroup("Kalman filter");
        GroupPosts posts = app.groupPosts();
        assertEquals(Optional.empty(), posts.of(loop.id()));

        posts.posted(loop.id(), GUILD, CHANNEL, "5001");
        assertEquals(Optional.of(new GroupPost(loop.id(), GUILD, CHANNEL, "5001", clock.instant())), posts.of(loop.id()));

        clock.advance(Duration.ofMinutes(1));
        assertFalse(posts.seen(loop.id(), GUILD, "902", "5002"), "a click on another message changes nothing");
        assertEquals("5001", posts.of(loop.id()).orElseThrow().messageId());

        GroupPost newer = posts.posted(loop.id(), GUILD, "902", "5003");
        assertEquals(Optional.of(newer), posts.of(loop.id()));
        assertEquals(clock.instant(), newer.postedAt());

        posts.gone(new GroupPost(loop.id(), GUILD, CHANNEL, "5001", clock.instant()));
        assertEquals(Optional.of(newer), posts.of(loop.id()), "an older message gone leaves the newer post");
        posts.gone(newer);
        assertEquals(Optional.empty(), posts.of(loop.id()));

        assertTrue(posts.seen(loop.id(), GUILD, CHANNEL, "5004"), "a post from before V21 is learnt from a click");
        assertEquals("5004", posts.of(loop.id()).orElseThrow().messageId());
    }

    @Test
    void closingEditingAndReopeningAServerLoopTellTheListenersAfterTheirCommit() {
        OpenLoop loop = parkForGroup("Kalmn filter");

        app.loops().edit(LOT, author(), loop.id(), "Kalman filter", null);
        app.loops().close(LOT, author(), loop.id(), Outcome.LEARNED, "predict, then correct");
        app.loops().reopen(LOT, author(), loop.id());

        assertEquals(List.of("edited #" + loop.id() + " Kalman filter", "closed #" + loop.id() + " learned closed",
                "reopened #" + loop.id() + " open"), told);
    }

    @Test
    void aRefusedChangeTellsNobody() {
        OpenLoop loop = parkForGroup("Kalman filter");

        assertThrowsInvalid(() -> app.loops().close(LOT, Actor.member(BOB, GUILD, false), loop.id(), Outcome.LEARNED,
                null));
        assertThrowsInvalid(() -> app.loops().reopen(LOT, author(), loop.id()));

        assertEquals(List.of(), told);
    }

    @Test
    void aMergeAndAPollsLetGoAreClosesTooAndSaySo() {
        OpenLoop personal = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA,
                "Kalman filtering", null, Origin.none()))).loop();
        OpenLoop into = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA,
                "state estimation", null, Origin.none()))).loop();
        app.loops().merge(ADA, personal.id(), into.id());

        OpenLoop shared = parkForGroup("particle filter");
        TriagePoll poll = app.polls().start(Actor.member(ADA, GUILD, true), Set.of(), CHANNEL,
                Long.toString(shared.id()), null);
        app.polls().posted(poll.id(), "6001");
        app.polls().finish("6001", new PollVotes(0, 0, 1, 3));

        assertEquals(List.of("closed #" + personal.id() + " merged closed", "closed #" + shared.id() + " let go closed"),
                told);
    }

    private static void assertThrowsInvalid(Runnable change) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.loopkeeper.common.InvalidInputException.class, change::run);
    }
}
