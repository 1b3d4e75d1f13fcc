package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.discord.ComponentId;
import dev.loopkeeper.discord.ParkMessageCommand;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionBuilder;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What people type, on the wire: the longest input, all markdown, gets an answer Discord accepts (the fake refuses a
 * body over its limits as Discord does); half a surrogate pair is refused by name; and a modal id replayed by someone
 * else never carries the first person's message excerpt.
 */
class ParkInputE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** Every character is one Discord escapes, so the echo doubles. */
    private static String markdown(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append("*_~`|[]\\".charAt(i % 8));
        }
        return text.toString();
    }

    @Test
    void theLongestWhyIsSavedWholeAndTheConfirmationFitsOneMessage() {
        FakeUser user = E2E.newUser();
        String concept = markdown(LoopLimits.MAX_CONCEPT);
        String why = markdown(LoopLimits.MAX_WHY);

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user)
                .option("concept", concept).option("why", why).send());

        String content = reply.getString("content");
        assertTrue(content.startsWith("Parked **\\*\\_"), content);
        assertTrue(content.contains("…\nIt will come back when it becomes structurally relevant. 1 open loop."), content);
        OpenLoop saved = openLoops(user).get(0);
        assertEquals(concept, saved.concept());
        assertEquals(why, saved.why(), "the echo was shortened, the stored why is whole");

        DataObject again = E2E.message(E2E.fake().slashCommand("park").by(user)
                .option("concept", concept).option("why", markdown(LoopLimits.MAX_WHY - 1)).send());
        assertTrue(again.getString("content").startsWith("You already have **\\*\\_"), again.toString());
    }

    @Test
    void longFocusTextsGetAnswersThatFit() {
        FakeUser user = E2E.newUser();
        for (int i = 0; i < 3; i++) {
            DataObject set = E2E.message(E2E.fake().slashCommand("focus").by(user).subcommand("set")
                    .option("text", i + markdown(999)).send());
            assertTrue(set.getString("content").startsWith("Focus set: **" + i), set.toString());
        }

        DataObject show = E2E.message(E2E.fake().slashCommand("focus").by(user).subcommand("show").send());

        String[] lines = show.getString("content").split("\n");
        assertEquals("Active focus:", lines[0]);
        assertEquals(5, lines.length, "all three are listed, then the quiet hours");
    }

    @Test
    void halfASurrogatePairIsRefusedByNameAndNothingIsSaved() {
        FakeUser user = E2E.newUser();

        DataObject concept = park(user, "concept", "attention \uD83E");
        DataObject why = park(user, "concept", "attention", "why", "\uDDE0 heads");

        assertTrue(concept.getString("content").startsWith("The concept holds a broken character"), concept.toString());
        assertTrue(why.getString("content").startsWith("The why holds a broken character"), why.toString());
        assertTrue(openLoops(user).isEmpty());
    }

    @Test
    void aConceptOfOnlyInvisibleCharactersIsEmptyAndNothingIsPostedForTheGroup() {
        FakeUser user = E2E.newUser();
        long posts = channelPosts();

        DataObject personal = park(user, "concept", "\u200B\u200B");
        DataObject shared = park(user, "concept", "\u3164", "scope", "server");

        assertTrue(personal.getString("content").startsWith("The concept is empty"), personal.toString());
        assertTrue(shared.getString("content").startsWith("The concept is empty"), shared.toString());
        assertTrue(openLoops(user).isEmpty());
        assertEquals(posts, channelPosts(), "no invisible loop posted for the group");
    }

    @Test
    void aMessageWithNoTextOpensAnEmptyFormAndWarnsNobody() {
        FakeUser user = E2E.newUser();
        // An image-only message has empty content; the shared wire rules fail the test on any unexpected WARN line (JDA
        // warned an operator to enable the Message Content intent, which this bot does not need).
        DataObject modal = E2E.reply(E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                .by(user).target(FakeDiscord.ADA, "").send());

        assertEquals(9, modal.getInt("type"), "a form");
        assertEquals("", LoopkeeperE2E.textInput(modal.getObject("data"), "concept").getString("value", ""));
    }

    @Test
    void aMessageWithOnlyAnEmbedOffersItsTitleElseTheFirstLineOfItsDescription() {
        FakeUser user = E2E.newUser();
        String park = dev.loopkeeper.command.Commands.PARK_MESSAGE.name();
        // A link's preview: the message is the link (or nothing, once Discord hides a link alone), the preview its title.
        assertEquals("Kalman filter - Wikipedia", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "").embed("article", "Kalman filter - Wikipedia",
                        "In statistics and control theory, Kalman filtering is an algorithm")));
        // A bot's card without a title: the first line of its description that says something, cleaned as content is.
        assertEquals("the KV cache is the real bottleneck", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "").embed("rich", null, "\n> the KV cache is the real bottleneck\nmore below")));
        // An embed with neither (an image alone) says nothing; the next one does.
        assertEquals("Rotary embeddings", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "").embed("image", null, null).embed("rich", "## Rotary embeddings", null)));
        // The message's own words come first.
        assertEquals("read this first", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "read this first").embed("article", "Kalman filter - Wikipedia", null)));
    }

    @Test
    void aForwardedMessageOffersAndKeepsTheForwardedText() {
        FakeUser user = E2E.newUser();
        // A forward has no content of its own: the form was empty and the loop kept no excerpt.
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                .by(user).target(FakeDiscord.ADA, "").forwardOf("<@" + FakeDiscord.ADA.id()
                        + "> said speculative decoding halves latency\nworth a read");

        DataObject modal = E2E.reply(menu.send());
        DataObject data = modal.getObject("data");
        assertEquals("@user said speculative decoding halves latency",
                LoopkeeperE2E.textInput(data, "concept").getString("value", ""));
        DataObject parked = E2E.message(E2E.fake().modalSubmit(data.getString("custom_id")).by(user)
                .textInput("concept", "speculative decoding").textInput("why", "").send());

        assertTrue(parked.getString("content").startsWith("Parked **speculative decoding**."), parked.toString());
        assertEquals("@user said speculative decoding halves latency worth a read",
                openLoops(user).get(0).origin().excerpt());
        // A forwarded link's preview, when the forward's text is only the link.
        assertEquals("Kalman filter - Wikipedia", offered(E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                .by(user).target(FakeDiscord.ADA, "").forwardOf("https://en.wikipedia.org/wiki/Kalman_filter",
                        "Kalman filter - Wikipedia", null)));
    }

    @Test
    void aPollOffersAndKeepsItsQuestion() {
        FakeUser user = E2E.newUser();
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                .by(user).target(FakeDiscord.ADA, "").poll("Which should we study next: diffusion models?", "Yes", "No");

        DataObject data = E2E.reply(menu.send()).getObject("data");
        assertEquals("Which should we study next: diffusion models?",
                LoopkeeperE2E.textInput(data, "concept").getString("value", ""));
        E2E.message(E2E.fake().modalSubmit(data.getString("custom_id")).by(user)
                .textInput("concept", "diffusion models").send());
        assertEquals("Which should we study next: diffusion models?", openLoops(user).get(0).origin().excerpt());
    }

    @Test
    void aMessageThatIsOnlyALinkOrAMentionOffersItsCardsTitle() {
        FakeUser user = E2E.newUser();
        String park = dev.loopkeeper.command.Commands.PARK_MESSAGE.name();
        assertEquals("Kalman filter - Wikipedia", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "https://en.wikipedia.org/wiki/Kalman_filter")
                .embed("article", "Kalman filter - Wikipedia", "In statistics and control theory")));
        // Another bot's card, addressed to someone: the mention says nothing, the card does.
        assertEquals("Daily paper: Mamba", offered(E2E.fake().messageCommand(park).by(user)
                .target(new FakeUser("3000000000000000778", "paper-bot"), "<@" + FakeDiscord.ADA.id() + ">")
                .embed("rich", "Daily paper: Mamba", "Linear-time sequence modeling")));
        // Without a preview the link is all there is.
        assertEquals("https://en.wikipedia.org/wiki/Kalman_filter", offered(E2E.fake().messageCommand(park).by(user)
                .target(FakeDiscord.ADA, "https://en.wikipedia.org/wiki/Kalman_filter")));
    }

    @Test
    void anotherAppsLayoutMessageOffersItsTextAndOnesOwnReminderItsLoop() {
        FakeUser user = E2E.newUser();
        String park = dev.loopkeeper.command.Commands.PARK_MESSAGE.name();
        // Another app's card in layout components (Components V2): no content, its words are in text displays.
        DataObject card = DataObject.empty().put("flags", 1 << 15).put("components", DataArray.empty()
                .add(DataObject.empty().put("type", 17).put("components", DataArray.empty()
                        .add(DataObject.empty().put("type", 10).put("content", "## Flash attention 3\nships in v2.1"))
                        .add(DataObject.empty().put("type", 10).put("content", "by <@" + FakeDiscord.ADA.id() + ">")))));
        InteractionBuilder.MessageCommand onCard = E2E.fake().messageCommand(park).by(user)
                .target(new FakeUser("3000000000000000777", "release-bot"), card);
        DataObject form = E2E.reply(onCard.send()).getObject("data");
        assertEquals("Flash attention 3", LoopkeeperE2E.textInput(form, "concept").getString("value", ""));
        E2E.message(E2E.fake().modalSubmit(form.getString("custom_id")).by(user)
                .textInput("concept", "Flash attention 3").send());
        assertEquals("## Flash attention 3 ships in v2.1 by @user", openLoops(user).get(0).origin().excerpt());

        // One's own reminder: its first text is its head line; the loop it reminds of is what it is about.
        E2E.park(user, "Bloom filters");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "sizing Bloom filters for the cache").send());
        String dm = E2E.fake().directMessageChannelId(user);
        E2E.fake().awaitRequest(r -> r.path().equals("channels/" + dm + "/messages") && r.status() == 200
                && WireAssertions.text(r.json()).contains("Bloom filters"), LoopkeeperE2E.WAIT);
        DataObject reminder = E2E.fake().messagesIn(dm).stream()
                .filter(m -> WireAssertions.text(m).contains("Bloom filters")).findFirst().orElseThrow();
        assertEquals("Bloom filters", offered(E2E.fake().messageCommand(park).by(user).inDirectMessage()
                .target(E2E.fake().bot(), reminder)));
    }

    /** What the form a message command opens offers as the concept. */
    private static String offered(InteractionBuilder.MessageCommand menu) {
        DataObject modal = E2E.reply(menu.send());
        assertEquals(9, modal.getInt("type"), "a form");
        return LoopkeeperE2E.textInput(modal.getObject("data"), "concept").getString("value", "");
    }

    @Test
    void aMessageOfCodeAQuoteOrAHeadingOffersItsTextWithoutTheMarkup() {
        FakeUser user = E2E.newUser();
        // Each message as Discord holds it, and what the form should offer to park.
        List<List<String>> messages = List.of(
                List.of("```python\nloss.backward()  # why does this accumulate?\n```",
                        "loss.backward() # why does this accumulate?"),
                List.of("```\n\n```", ""),
                List.of("```einsum notation```", "einsum notation"),
                List.of("> the KV cache is the real bottleneck\nagreed", "the KV cache is the real bottleneck"),
                List.of(">>> ## Rotary embeddings\nmore below", "Rotary embeddings"),
                List.of("-# 1. speculative decoding", "speculative decoding"),
                List.of("C# and F# interop", "C# and F# interop"));
        for (List<String> message : messages) {
            DataObject modal = E2E.reply(E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                    .by(user).target(FakeDiscord.ADA, message.get(0)).send());
            assertEquals(message.get(1), LoopkeeperE2E.textInput(modal.getObject("data"), "concept")
                    .getString("value", ""), message.get(0));
        }
    }

    @Test
    void anAccentTypedAsACombiningMarkIsStoredComposedAndFoundByTheComposedWord() {
        FakeUser user = E2E.newUser();
        // "café au lait" with its é typed as e + U+0301, as macOS and some keyboards send it.
        DataObject parked = park(user, "concept", "cafe\u0301 au lait", "why", "cre\u0300me on top");
        assertTrue(parked.getString("content").startsWith("Parked **caf\u00E9 au lait**.\nWhy it matters: "
                + "cr\u00E8me on top"), parked.toString());
        assertEquals("caf\u00E9 au lait", openLoops(user).get(0).concept());

        String found = E2E.message(E2E.fake().slashCommand("loops").option("query", "caf\u00E9").by(user).send())
                .getArray("embeds").getObject(0).getString("description");
        assertTrue(found.contains("caf\u00E9 au lait"), found);

        // A message written that way is offered composed in the form, and parked so.
        DataObject modal = E2E.reply(E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name())
                .by(user).target(FakeDiscord.ADA, "cre\u0300me bru\u0302le\u0301e").send());
        assertEquals("cr\u00E8me br\u00FBl\u00E9e", LoopkeeperE2E.textInput(modal.getObject("data"), "concept")
                .getString("value", ""));
        E2E.message(E2E.fake().modalSubmit(modal.getObject("data").getString("custom_id")).by(user)
                .textInput("concept", "cre\u0300me bru\u0302le\u0301e").send());
        String brulee = E2E.message(E2E.fake().slashCommand("loops").option("query", "cr\u00E8me").by(user).send())
                .getArray("embeds").getObject(0).getString("description");
        assertTrue(brulee.contains("cr\u00E8me br\u00FBl\u00E9e"), brulee);
    }

    @Test
    void aWebAddressInAConceptWhyOrTakeawayIsEchoedAsALinkDiscordCanFollow() {
        FakeUser user = E2E.newUser();
        String wiki = "https://en.wikipedia.org/wiki/Kalman_filter";
        String paper = "https://arxiv.org/abs/1706.03762_v7";

        String parked = park(user, "concept", "Kalman_filter " + wiki, "why", "read " + paper + " (the __init__ part)")
                .getString("content");
        String listed = E2E.message(E2E.fake().slashCommand("loops").by(user).send())
                .getArray("embeds").getObject(0).getString("description");
        String closed = E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", "Kalman")
                .option("outcome", "learned").option("takeaway", "see " + wiki).send()).getString("content");

        // A backslash inside an address is part of the link Discord makes: Kalman\_filter led nowhere.
        assertTrue(parked.startsWith("Parked **Kalman\\_filter " + wiki + "**.\nWhy it matters: read " + paper
                + " (the \\_\\_init\\_\\_ part)\n"), parked);
        assertTrue(listed.contains("**Kalman\\_filter " + wiki + "**"), listed);
        assertTrue(closed.endsWith("\nTakeaway: see " + wiki), closed);
    }

    @Test
    void aModalIdReplayedBySomeoneElseNeverCarriesTheFirstPersonsExcerpt() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand(dev.loopkeeper.command.Commands.PARK_MESSAGE.name()).by(ada)
                .target(FakeDiscord.ADA, "the private roadmap mentions speculative decoding");
        String adasModal = E2E.reply(menu.send()).getObject("data").getString("custom_id");
        ComponentId id = ComponentId.parse(adasModal).orElseThrow();
        // Bob cannot submit Ada's id (the router checks the owner), so he puts his own id in it.
        String bobsModal = new ComponentId(bob.id(), id.command(), id.action(), id.args()).encode();

        E2E.message(E2E.fake().modalSubmit(bobsModal).by(bob).textInput("concept", "speculative decoding").send());
        E2E.message(E2E.fake().modalSubmit(adasModal).by(ada).textInput("concept", "speculative decoding").send());

        OpenLoop bobs = openLoops(bob).get(0);
        assertNull(bobs.origin().excerpt(), "Bob was never shown that message through Loopkeeper");
        assertEquals(openLoops(ada).get(0).origin().messageUrl(), bobs.origin().messageUrl());
        assertEquals("the private roadmap mentions speculative decoding", openLoops(ada).get(0).origin().excerpt());
    }

    /** The answer to a {@code /park} with these options, as name, value, name, value. */
    private static DataObject park(FakeUser user, String... options) {
        var command = E2E.fake().slashCommand("park").by(user);
        for (int i = 0; i < options.length; i += 2) {
            command = command.option(options[i], options[i + 1]);
        }
        return E2E.message(command.send());
    }

    private static long channelPosts() {
        return E2E.fake().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().contains("/channels/") && r.path().endsWith("/messages"))
                .count();
    }

    private static List<OpenLoop> openLoops(FakeUser user) {
        return E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops();
    }
}
