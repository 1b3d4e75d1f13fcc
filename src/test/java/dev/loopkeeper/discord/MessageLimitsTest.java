package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.e2e.LoopkeeperE2E;
import dev.loopkeeper.e2e.WireAssertions;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopNote;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.MeToo;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderAction;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.search.SearchMessages;
import dev.loopkeeper.search.SearchService;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.QuietHours;
import dev.loopkeeper.support.Markdown;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.restaction.interactions.ModalCallbackAction;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import dev.loopkeeper.reminder.ReminderService;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Every message builder, fed the longest input each field allows with every character a markdown character (so
 * escaping doubles it), stays within Discord's limits: 2,000 characters of message content, 4,096 of embed
 * description (6,000 for the whole embed), 80 of button label, 45 of modal title and labels. Ids and times are as long
 * as they get. Only echoes are shortened, never the text Loopkeeper stores.
 */
class MessageLimitsTest {
    private static final int CONTENT = 2000;
    private static final String OWNER = "99999999999999999999";
    private static final long ID = Long.MAX_VALUE;
    private static final Instant WHEN = Instant.parse("2999-12-31T23:59:59Z");
    private static final String URL = "https://discord.com/channels/99999999999999999999/99999999999999999999/"
            + "99999999999999999999";
    private static final String MARKDOWN = "*_~`|[]\\";

    private final DiscordTimeText time = new DiscordTimeText();
    private final LoopMessages loops = new LoopMessages(time);

    /** {@code length} characters, each one Discord escapes. */
    private static String markdown(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(MARKDOWN.charAt(i % MARKDOWN.length()));
        }
        return text.toString();
    }

    private static final String CONCEPT = markdown(LoopLimits.MAX_CONCEPT);
    private static final String WHY = markdown(LoopLimits.MAX_WHY);
    private static final Origin SOURCE = new Origin(OWNER, OWNER, URL, markdown(LoopLimits.MAX_EXCERPT));

    private static OpenLoop loop(LoopStatus status) {
        return new OpenLoop(ID, OWNER, CONCEPT, WHY, SOURCE, Triage.PERIPHERAL, status,
                status == LoopStatus.CLOSED ? Outcome.LET_GO : null,
                status == LoopStatus.CLOSED ? markdown(LoopLimits.MAX_TAKEAWAY) : null, WHEN, WHEN,
                status == LoopStatus.CLOSED ? WHEN : null);
    }

    private static LoopNote note(boolean merged) {
        return new LoopNote(ID, ID, CONCEPT, WHY, SOURCE, merged ? ID : null, WHEN);
    }

    /** Content as Discord counts it (code points), also built into a JDA message, which refuses more than 2,000. */
    private static void assertFitsContent(String content) {
        assertTrue(UserText.length(content) <= CONTENT, UserText.length(content) + " characters: " + content);
        assertEquals(content, Replies.text(content).getContent());
    }

    @Test
    void parkRepliesFitWithTheLongestConceptWhyAndNearDuplicate() {
        OpenLoop open = loop(LoopStatus.OPEN);
        String parked = loops.parked(new ParkResult.Parked(open, ID, Optional.of(open)));
        assertFitsContent(parked);
        assertTrue(parked.startsWith("Parked **" + UserText.escapeMarkdown(CONCEPT) + "**.\nWhy it matters: \\*"),
                "the concept is whole, the why shortened: " + parked);
        assertTrue(parked.contains("It will come back when it becomes structurally relevant. " + ID + " open loops."));
        assertTrue(parked.contains("It looks close to your open loop **\\*"), parked);
        assertEquals(WHY, open.why(), "only the echo is shortened");

        assertFitsContent(loops.parked(open, 1));
        assertFitsContent(loops.alreadyOpen(new ParkResult.AlreadyOpen(open, Optional.of(note(false)))));
        LoopNote sourceOnly = new LoopNote(ID, ID, CONCEPT, null, SOURCE, null, WHEN);
        assertFitsContent(loops.alreadyOpen(new ParkResult.AlreadyOpen(open, Optional.of(sourceOnly))));
        assertFitsContent(loops.alreadyOpen(new ParkResult.AlreadyOpen(open, Optional.empty())));
        assertFitsContent(loops.merged(new Merged(loop(LoopStatus.CLOSED), open, false)));
        assertFitsContent(loops.merged(new Merged(loop(LoopStatus.CLOSED), open, true)));
        assertFitsContent(loops.closed(loop(LoopStatus.CLOSED)));
        assertFitsContent(loops.noChoiceNeeded());
        assertFitsContent(loops.mergeHint(ID, ID));
    }

    @Test
    void theMergeButtonAndItsIdFit() {
        Button merge = ParkCommand.mergeButton(OWNER, loop(LoopStatus.OPEN), loop(LoopStatus.OPEN));
        assertTrue(merge.getLabel().length() <= 80, merge.getLabel());
        assertTrue(merge.getCustomId().length() <= ComponentId.MAX_LENGTH, merge.getCustomId());
    }

    @Test
    void aPageOfTheLongestLoopsWithManyNotesFitsOneEmbed() {
        List<OpenLoop> page = new ArrayList<>();
        Map<Long, List<LoopNote>> notes = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            OpenLoop loop = loop(i % 2 == 0 ? LoopStatus.OPEN : LoopStatus.CLOSED);
            page.add(new OpenLoop(ID - i, loop.ownerId(), loop.concept(), loop.why(), loop.origin(), loop.triage(),
                    loop.status(), loop.outcome(), loop.takeaway(), WHEN, WHEN, loop.closedAt()));
            notes.put(ID - i, Collections.nCopies(5, note(i % 3 == 0)));
        }
        LoopPage shown = new LoopPage(new LoopFilter(LoopFilter.Stage.ALL, Optional.of(Triage.PERIPHERAL)), page, notes,
                Integer.MAX_VALUE - 1, 20, Long.MAX_VALUE, LoopScope.personal(OWNER), Map.of());
        assertPageFits(shown);
    }

    @Test
    void aPageOfAServersLongestLoopsWithTheirCountsFitsOneEmbed() {
        List<OpenLoop> page = new ArrayList<>();
        Map<Long, List<LoopNote>> notes = new HashMap<>();
        Map<Long, Long> interest = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            OpenLoop loop = serverLoop(i % 2 == 0 ? LoopStatus.OPEN : LoopStatus.CLOSED, ID - i);
            page.add(loop);
            notes.put(loop.id(), Collections.nCopies(5, note(i % 3 == 0)));
            interest.put(loop.id(), Long.MAX_VALUE);
        }
        LoopPage shown = new LoopPage(new LoopFilter(LoopFilter.Stage.ALL, Optional.of(Triage.PERIPHERAL)), page, notes,
                Integer.MAX_VALUE - 1, 20, Long.MAX_VALUE, LoopScope.server(OWNER), interest);
        assertTrue(loops.pageTitle(shown).startsWith("All of this server's loops"), loops.pageTitle(shown));
        assertPageFits(shown);
    }

    @Test
    void aPageOfLoopsWrittenInEmojiFitsOneEmbedAsJdaCountsIt() {
        // JDA counts an embed's description in UTF-16 units, two for an emoji; people (and Discord's content) count one.
        String rocket = "\uD83D\uDE80";
        Origin source = new Origin(OWNER, OWNER, URL, rocket.repeat(LoopLimits.MAX_EXCERPT));
        List<OpenLoop> page = new ArrayList<>();
        Map<Long, List<LoopNote>> notes = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            page.add(new OpenLoop(ID - i, OWNER, rocket.repeat(LoopLimits.MAX_CONCEPT), rocket.repeat(LoopLimits.MAX_WHY),
                    source, Triage.PERIPHERAL, LoopStatus.OPEN, null, null, WHEN, WHEN, null));
            notes.put(ID - i, Collections.nCopies(5, new LoopNote(ID, ID, rocket.repeat(LoopLimits.MAX_CONCEPT),
                    rocket.repeat(LoopLimits.MAX_WHY), source, null, WHEN)));
        }
        LoopPage shown = new LoopPage(LoopFilter.open(), page, notes, 20, 20, Long.MAX_VALUE, LoopScope.personal(OWNER),
                Map.of());
        assertPageFits(shown);

        List<SearchService.Hit> hits = page.subList(0, 10).stream().map(loop -> new SearchService.Hit(loop,
                new RelevanceIndex.Found(loop.id(), 1, List.of(rocket.repeat(40)), Optional.empty(), true))).toList();
        SearchService.Results results = new SearchService.Results(rocket.repeat(100), LoopFilter.open(),
                LoopScope.personal(OWNER), hits, 0, 10, Map.of(), Map.of());
        SearchMessages search = new SearchMessages(time);
        MessageEmbed embed = new EmbedBuilder().setTitle(search.resultsTitle(results))
                .setDescription(search.resultsBody(results)).setFooter(search.resultsFooter(results)).build();
        assertTrue(embed.getLength() <= MessageEmbed.EMBED_MAX_LENGTH_BOT, embed.getLength() + "");

        // A long query that shares many long words with each loop: ten loops do not fit whole. Every loop stays (the
        // next page starts after the tenth: one left out could never be reached), the reasons give way, and no line is
        // cut through the bold around its concept.
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            words.add(("w" + i).repeat(20));
        }
        List<SearchService.Hit> wordy = page.subList(0, 10).stream().map(loop -> new SearchService.Hit(loop,
                new RelevanceIndex.Found(loop.id(), 1, words, Optional.empty(), true))).toList();
        String body = search.resultsBody(new SearchService.Results(String.join(" ", words), LoopFilter.open(),
                LoopScope.personal(OWNER), wordy, 0, 10, Map.of(), Map.of()));
        assertListFits(body, wordy.stream().map(SearchService.Hit::loop).toList());

        // /related at its fullest: five open neighbours and three closed loops with the longest takeaways, all written
        // in emoji, each near by many long words and a long foundation, with reflections.
        OpenLoop center = page.get(19);
        List<SearchService.Neighbour> near = page.subList(0, 5).stream().map(loop -> new SearchService.Neighbour(loop,
                new RelevanceIndex.Near(loop.id(), 1, words, Optional.of(rocket.repeat(80)), true))).toList();
        List<SearchService.Neighbour> closed = page.subList(5, 8).stream().map(loop -> new SearchService.Neighbour(
                new OpenLoop(loop.id(), OWNER, loop.concept(), loop.why(), loop.origin(), Triage.CORE,
                        LoopStatus.CLOSED, Outcome.LEARNED, rocket.repeat(LoopLimits.MAX_TAKEAWAY), WHEN, WHEN, WHEN),
                new RelevanceIndex.Near(loop.id(), 1, words, Optional.of(rocket.repeat(80)), true))).toList();
        Map<Long, Long> reflections = new HashMap<>();
        closed.forEach(n -> reflections.put(n.loop().id(), Long.MAX_VALUE));
        SearchService.Related related = new SearchService.Related(center, near, closed, reflections);
        String relatedBody = search.relatedBody(related);
        assertListFits(relatedBody, page.subList(0, 8));
        assertTrue(relatedBody.contains("\n**Closed before, near it**\n`#" + closed.get(0).loop().id() + "` **"),
                relatedBody);
    }

    /**
     * A search's or /related's list too long whole: it fits one embed, every loop of it is on it, no bold is left open,
     * and it says that details were left out.
     */
    private static void assertListFits(String body, List<OpenLoop> listed) {
        assertTrue(body.length() <= SearchMessages.BODY_LIMIT, body.length() + "");
        for (OpenLoop loop : listed) {
            assertTrue(body.contains("`#" + loop.id() + "` **"), "loop #" + loop.id() + " is missing from: " + body);
        }
        Markdown.assertBoldClosed(body);
        assertTrue(body.endsWith("\n(Some takeaways, reasons or reflection counts are shortened or left out to fit one "
                + "message.)"), body);
    }

    private void assertPageFits(LoopPage shown) {
        String body = loops.pageBody(shown);
        assertTrue(UserText.length(body) <= LoopMessages.PAGE_TEXT_LIMIT, UserText.length(body) + "");
        // Every loop of the page is on it (the next page starts after its last): details give way, loops do not.
        for (OpenLoop loop : shown.loops()) {
            assertTrue(body.contains("`#" + loop.id() + "` **"), "loop #" + loop.id() + " is missing from: " + body);
        }
        // A line cut to fit is cut inside its concept, never through the bold around it: an unclosed ** took the next
        // line's opening ** as its end, and every line after it read bold where it should not and starred where it
        // should be bold.
        Markdown.assertBoldClosed(body);
        // These pages are all too long whole: the page says what it left out, in words the console prints as they are.
        assertTrue(body.endsWith("\n(Some notes, whys or links are left out to fit one message.)"), body);
        MessageEmbed embed = new EmbedBuilder().setTitle(loops.pageTitle(shown)).setDescription(body)
                .setFooter(loops.pageFooter(shown)).build();
        assertTrue(embed.getLength() <= MessageEmbed.EMBED_MAX_LENGTH_BOT, embed.getLength() + "");
    }

    private static OpenLoop serverLoop(LoopStatus status, long id) {
        OpenLoop loop = loop(status);
        LoopScope lot = LoopScope.server(OWNER);
        return new OpenLoop(id, lot.ownerKey(), lot, OWNER, loop.concept(), loop.why(), loop.origin(), loop.triage(),
                loop.status(), loop.outcome(), loop.takeaway(), WHEN, WHEN, loop.closedAt());
    }

    @Test
    void serverParkRepliesTheGroupsMessageAndMeTooFitWithTheLongestConceptAndWhy() {
        OpenLoop open = serverLoop(LoopStatus.OPEN, ID);
        String parked = loops.parked(new ParkResult.Parked(open, ID, Optional.of(open)));
        assertFitsContent(parked);
        assertTrue(parked.startsWith("Parked **" + UserText.escapeMarkdown(CONCEPT) + "** for the group."), parked);
        assertTrue(parked.contains("It looks close to the server's open loop **"), parked);
        String group = loops.forTheGroup(open);
        assertFitsContent(group);
        assertTrue(group.startsWith("A loop for the group: **" + UserText.escapeMarkdown(CONCEPT) + "** · "), group);
        assertTrue(group.endsWith(" — click Me too if it matters to you too."), group);
        assertFitsContent(loops.meToo(new MeToo(open, Long.MAX_VALUE, true)));
        assertFitsContent(loops.meToo(new MeToo(open, Long.MAX_VALUE, false)));
        assertFitsContent(loops.meToo(new MeToo(open, Long.MAX_VALUE, false, true)));
        assertFitsContent(loops.alreadyOpen(new ParkResult.AlreadyOpen(open, Optional.of(note(false)), Long.MAX_VALUE, true)));
        assertFitsContent(loops.alreadyOpen(new ParkResult.AlreadyOpen(open, Optional.empty(), Long.MAX_VALUE, false)));
    }

    @Test
    void theGroupsPostOfAClosedLoopFitsWithTheLongestConceptAndTakeaway() {
        OpenLoop closed = serverLoop(LoopStatus.CLOSED, ID);
        String post = loops.forTheGroupClosed(closed);
        assertFitsContent(post);
        assertTrue(post.startsWith("A loop for the group: ~~**" + UserText.escapeMarkdown(CONCEPT) + "**~~ — closed as "
                + "let go "), post);
        assertTrue(post.contains("\nTakeaway: "), post);
        assertFitsContent(group(closed).getContent());
        assertTrue(group(closed).getComponents().isEmpty(), "a closed loop's post offers no Me too");
        assertEquals(1, group(serverLoop(LoopStatus.OPEN, ID)).getComponents().size());
    }

    private MessageCreateData group(OpenLoop loop) {
        return new GroupLoops(null, loops, null, () -> null, Runnable::run).render(loop);
    }

    @Test
    void theMeTooButtonAndItsIdFit() {
        Button meToo = GroupLoops.meTooButton(serverLoop(LoopStatus.OPEN, ID));
        assertTrue(meToo.getLabel().length() <= 80, meToo.getLabel());
        assertTrue(meToo.getCustomId().length() <= ComponentId.MAX_LENGTH, meToo.getCustomId());
    }

    @Test
    void refusalsQuoteAMistypedOptionOfAnyLengthShortly() {
        String typed = markdown(6000);
        for (String refusal : List.of(LoopErrors.unknownStatus(typed), LoopErrors.unknownTriage(typed),
                LoopErrors.unknownOutcome(typed), LoopErrors.conceptTooLong(Integer.MAX_VALUE),
                LoopErrors.whyTooLong(Integer.MAX_VALUE), LoopErrors.takeawayTooLong(Integer.MAX_VALUE),
                UserText.brokenCharacter("takeaway"), LoopErrors.tooManyOpen(Integer.MAX_VALUE),
                dev.loopkeeper.loop.LoopService.notOpen(loop(LoopStatus.CLOSED)), LoopErrors.noSuchOpenLoop(), LoopErrors.mergeIntoItself(),
                LoopErrors.conceptEmpty(), LoopErrors.editedConceptEmpty(), LoopErrors.unknownScope(typed), LoopErrors.serverLotFull(Integer.MAX_VALUE),
                dev.loopkeeper.loop.LoopService.notOpen(loop(LoopStatus.CLOSED), LoopScope.Kind.SERVER), LoopErrors.noSuchOpenLoop(LoopScope.Kind.SERVER),
                LoopErrors.serverScopeNeedsServer(), LoopErrors.otherServer(), LoopErrors.mayNotClose(),
                LoopErrors.meTooIsForServerLoops(),
                // The largest share and count the settings allow (LOOPKEEPER_MAX_OPEN_LOOPS is at most 1,000,000).
                LoopErrors.memberShareFull(1_000_000, 1_000_000, "park this one"))) {
            assertTrue(UserText.length(refusal) <= 200, refusal);
            assertFitsContent(refusal);
        }
    }

    @Test
    void theRefusalOfANoteTooManyFitsWithTheLongestConcept() {
        for (LoopScope.Kind kind : LoopScope.Kind.values()) {
            for (boolean mayEdit : List.of(true, false)) {
                String refusal = LoopErrors.notesFull(markdown(200), Integer.MAX_VALUE, kind, mayEdit);
                assertTrue(UserText.length(refusal) <= 300, refusal);
                assertTrue(refusal.endsWith(" Nothing was saved."), refusal);
                assertFitsContent(refusal);
            }
        }
    }

    @Test
    void focusMessagesFitWithTheLongestTextsAndAFullList() {
        FocusMessages focus = new FocusMessages(time);
        Focus longest = new Focus(ID, OWNER, markdown(1000), FocusSource.COMMAND, OWNER, OWNER, WHEN, WHEN);
        PersonSettings quiet = new PersonSettings(OWNER, Optional.of(new QuietHours(LocalTime.of(22, 0),
                LocalTime.of(8, 0), ZoneId.of("America/Argentina/ComodRivadavia"))), Optional.of(ZoneId.of("America/Argentina/ComodRivadavia")),
                false, 0);
        // Set in the quiet hours (WHEN is 20:59 there, so an hour before them), ending inside them: the longest answer.
        Instant inQuiet = WHEN.plus(java.time.Duration.ofHours(2));
        Focus endsInQuiet = new Focus(ID, OWNER, markdown(1000), FocusSource.COMMAND, OWNER, OWNER, inQuiet,
                inQuiet.plus(java.time.Duration.ofHours(1)));
        for (boolean refreshed : new boolean[] {false, true}) {
            assertFitsContent(focus.set(new FocusService.Added(longest, 25, refreshed, WHEN), quiet));
            assertFitsContent(focus.setHeadline(new FocusService.Added(longest, 25, refreshed, WHEN)));
            String ends = focus.set(new FocusService.Added(endsInQuiet, 25, refreshed, inQuiet), quiet);
            assertFitsContent(ends);
            assertTrue(ends.contains("no reminder will come for it"), ends);
        }
        assertFitsContent(focus.clearedOne(new FocusService.Cleared(List.of(longest), 0)));
        assertFitsContent(focus.clearedOne(new FocusService.Cleared(List.of(longest), 3)));
        String show = focus.show(Collections.nCopies(25, longest), quiet);
        assertFitsContent(show);
        assertEquals(27, show.split("\n").length, "every item is still listed, then the quiet hours");
        String few = focus.show(Collections.nCopies(3, longest), quiet);
        assertFitsContent(few);
        assertTrue(few.split("\n")[1].length() > 400, "a few items keep a good part of their text");
        // The most /focus show lists: 25 typed items, a work-log note and a thread title, then three that ran out.
        String most = focus.show(new FocusService.Shown(Collections.nCopies(27, longest), Collections.nCopies(3, longest)),
                quiet);
        assertFitsContent(most);
        assertEquals(33, most.split("\n").length, "every item is still listed, those that ran out, the quiet hours");
    }

    @Test
    void remindersFitWithTheLongestFocusConceptsAndEveryWhyTheyGathered() {
        ReminderMessages messages = new ReminderMessages(time);
        for (String text : List.of(markdown(1000), "\uD83D\uDE80".repeat(1000))) {
            // Markdown characters double when escaped; emoji are two UTF-16 units each, as Discord's layout counts.
            String concept = text.substring(0, Math.min(text.length(), 2 * LoopLimits.MAX_CONCEPT));
            List<Reminder.Item> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(new Reminder.Item(ID - i, concept, 9.99, "shared words: " + text.substring(0, 600), WHEN,
                        OWNER, URL, OWNER, Collections.nCopies(11, text)));
            }
            Reminder reminder = new Reminder(ID, OWNER, ID, text, OWNER, WHEN, true, true, true, items);
            // Held back by the cap of a server whose name is as long as Discord allows (100), all markdown to escape.
            ReminderMessages.View view = messages.view(reminder, guild -> Optional.of(markdown(100)));
            assertTrue(view.footer().orElseThrow().contains("set in **" + UserText.escapeMarkdown(markdown(100)) + "**"),
                    view.footer().orElseThrow());
            assertTrue(view.text().length() <= ReminderMessages.REMINDER_LIMIT + 10, view.text().length() + "");
            assertEquals(3, view.blocks().size());
            view.blocks().forEach(b -> assertTrue(b.text().contains("\nWhy it matters: "), "each loop keeps its why"));
            view.blocks().forEach(b -> assertTrue(b.text().contains("\nWhy now: shared words: "), b.text()));
            assertFalse(view.text().contains("9.99"), "no raw score in a person's view");

            for (String prefix : List.of(messages.heldIntro() + "\n", "<@" + OWNER + "> ")) {
                DataObject wire = ReminderLayout.message(reminder, view, prefix, prefix.startsWith("<@") ? OWNER : null)
                        .toData();
                assertEquals(1 << 15, wire.getInt("flags") & (1 << 15), "a layout message");
                WireAssertions.assertMessageWithinLimits(wire);
                assertEquals(12, LoopkeeperE2E.buttons(wire).size(), "four buttons for each of the three loops");
                assertTrue(WireAssertions.text(wire).length() + 12 * "Not relevant".length() <= 4000,
                        "within 4,000 even counting every button label");
            }
        }

        OpenLoop open = loop(LoopStatus.OPEN);
        assertFitsContent(messages.snoozeChoice(open));
        // Each answer as long as it gets: a week's snooze with its end named, a second press said so.
        Optional<Instant> week = Optional.of(Instant.parse("2026-03-09T10:00:00Z"));
        for (ReminderAction action : ReminderAction.values()) {
            assertFitsContent(messages.done(action, new ReminderService.Acted(open, false, week)));
        }
        assertFitsContent(messages.done(ReminderAction.NOT_RELEVANT, new ReminderService.Acted(open, true)));
    }

    @Test
    void discordsOwnAnswersFit() {
        for (String answer : List.of(DiscordMessages.apology("zzzzzz"), DiscordMessages.busy(),
                DiscordMessages.unknownCommand(), DiscordMessages.staleComponent(), DiscordMessages.notYours())) {
            assertFitsContent(answer);
        }
    }

    @Test
    void theParkModalsTitleAndLabelsFitAndItsPrefillIsWithinTheConceptLimit() {
        ParkMessageCommand menuCommand = new ParkMessageCommand(null);
        MessageContextInteractionEvent menu = command(MessageContextInteractionEvent.class, OWNER,
                dev.loopkeeper.command.Commands.PARK_MESSAGE.name(), null, Map.of());
        Message target = MockInteractions.messageByAPerson(menu);
        when(target.getContentDisplay()).thenReturn(markdown(4000));
        when(target.getId()).thenReturn(OWNER);
        when(target.getChannelId()).thenReturn(OWNER);
        when(menu.getTarget()).thenReturn(target);
        ModalCallbackAction action = mock(ModalCallbackAction.class, RETURNS_SELF);
        when(menu.replyModal(any(Modal.class))).thenReturn(action);

        menuCommand.onCommand(menu);

        ArgumentCaptor<Modal> modal = ArgumentCaptor.forClass(Modal.class);
        verify(menu).replyModal(modal.capture());
        DataObject json = modal.getValue().toData();
        assertTrue(json.getString("title").length() <= 45, json.getString("title"));
        assertTrue(json.getString("custom_id").length() <= ComponentId.MAX_LENGTH);
        DataArray labels = json.getArray("components");
        for (int i = 0; i < labels.length(); i++) {
            DataObject label = labels.getObject(i);
            assertTrue(label.getString("label").length() <= 45, label.toString());
            DataObject input = label.getObject("component");
            assertTrue(UserText.length(input.getString("value", "")) <= LoopLimits.MAX_CONCEPT, input.toString());
        }
    }
}
