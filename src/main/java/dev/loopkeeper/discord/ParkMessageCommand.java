package dev.loopkeeper.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textdisplay.TextDisplay;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.messages.MessagePoll;
import net.dv8tion.jda.api.entities.messages.MessageSnapshot;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

/**
 * The message context menu "Park a concept": a modal prefilled from the message, then a park that
 * remembers the message's link, channel and a short excerpt. At the open-loop limit it says so instead of the modal.
 */
public final class ParkMessageCommand extends CommandAdapter {
    public static final String KEY = "parkmsg";
    public static final String SAVE = "save";
    public static final String CONCEPT = "concept";
    public static final String WHY = "why";
    /** Where the prefilled concept is cut: a sensible handful of words, well under the 200 allowed. */
    static final int PREFILL = 100;
    private static final String DM = "@me";

    private final ParkCommand park;
    /**
     * The modal's submit carries no message text, so the excerpt waits here for the few minutes a modal
     * is open. A restart in between only loses the excerpt, never the loop. Keyed by person and message: a modal id
     * replayed by someone else (with their own id as owner) finds nothing, so nobody stores an excerpt they were
     * not shown.
     */
    private final LoopService loops;
    private final Cache<String, String> excerpts = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(30))
            .maximumSize(10_000)
            .build();

    /** Parks through {@code park}, which answers both the command and this menu's form the same way. */
    public ParkMessageCommand(ParkCommand park) {
        this(park, null);
    }

    /** The same; {@code loops} names the loop of one of the group's posts, to prefill its concept. */
    public ParkMessageCommand(ParkCommand park, LoopService loops) {
        super(Commands.PARK_MESSAGE, KEY);
        this.park = park;
        this.loops = loops;
    }

    /** Its answer is a modal, which must be the first response: never deferred. */
    @Override
    public boolean mayDefer() {
        return false;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        MessageContextInteractionEvent menu = (MessageContextInteractionEvent) event;
        Message target = menu.getTarget();
        // On the group's own post of a loop ("A loop for the group: ... click Me too"), the concept is that loop's.
        boolean own = target.getAuthor().getIdLong() == event.getJDA().getSelfUser().getIdLong();
        String prefill = groupLoopConcept(event, target).or(() -> remindedConcept(event, target))
                .orElseGet(() -> offered(target, !own));
        if (loops != null) {
            // At the limit a new concept is refused: said now, instead of after the person has filled in the form. The
            // concept offered that is already open is let through, as /park adds to it.
            loops.requireRoomToPark(event.getUser().getId(), prefill, "park from this message again");
        }
        String text = UserText.singleLine(words(target, !own));
        if (!text.isEmpty()) {
            excerpts.put(excerptKey(event.getUser().getId(), target.getId()), UserText.shorten(text, LoopLimits.MAX_EXCERPT));
        }
        String place = event.getGuild() == null ? DM : event.getGuild().getId();
        String modalId = ComponentId.of(event.getUser().getId(), KEY, SAVE, place, target.getChannelId(),
                target.getId()).encode();

        TextInput.Builder concept = TextInput.create(CONCEPT, TextInputStyle.SHORT)
                .setRequired(true)
                .setMaxLength(LoopLimits.MAX_CONCEPT)
                .setPlaceholder("The concept, in a few words");
        if (!prefill.isEmpty()) {
            concept.setValue(prefill);
        }
        TextInput why = TextInput.create(WHY, TextInputStyle.PARAGRAPH)
                .setRequired(false)
                .setMaxLength(LoopLimits.MAX_WHY)
                .setPlaceholder("Why it matters to you (optional)")
                .build();
        Modal modal = Modal.create(modalId, "Park a concept")
                .addComponents(Label.of("Concept", concept.build()), Label.of("Why it matters", why))
                .build();
        menu.replyModal(modal).queue();
    }

    @Override
    public void onModal(ModalInteractionEvent event, ComponentId id) {
        String here = event.getGuild() == null ? DM : event.getGuild().getId();
        if (!SAVE.equals(id.action()) || id.args().size() != 3 || !here.equals(id.arg(0))
                || !id.arg(1).equals(event.getChannelId()) || !LoopMessages.isDiscordId(id.arg(2))) {
            // The form's id becomes the loop's source, which reminders link to and whose server may show them when
            // DMs are closed: a crafted one must not give a loop another server, nor a made-up channel or link. A form
            // is sent from where it was opened, so its server and channel are these.
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        String concept = value(event, CONCEPT);
        String why = value(event, WHY);
        String place = id.arg(0);
        String channelId = id.arg(1);
        String messageId = id.arg(2);
        String url = "https://discord.com/channels/" + place + "/" + channelId + "/" + messageId;
        String owner = event.getUser().getId();
        Origin origin = new Origin(DM.equals(place) ? null : place, channelId, url,
                excerpts.getIfPresent(excerptKey(owner, messageId)));
        park.parkAndAnswer(event, new ParkRequest(owner, concept, why, origin), "Park a concept (message menu)");
    }

    /**
     * The concept of the loop whose group post this is: only a post of this bot, and only a loop of this server. Any
     * app can post a button whose id reads like a Me too of someone's loop; its id alone must not read that loop.
     */
    private Optional<String> groupLoopConcept(GenericCommandInteractionEvent event, Message target) {
        if (loops == null || event.getGuild() == null
                || target.getAuthor().getIdLong() != event.getJDA().getSelfUser().getIdLong()) {
            return Optional.empty();
        }
        String lot = LoopScope.server(event.getGuild().getId()).ownerKey();
        return GroupLoops.meTooOn(target).filter(id -> lot.equals(id.ownerId()))
                .flatMap(id -> id.longArg(0).flatMap(loopId -> loops.find(id.ownerId(), loopId)))
                .map(loop -> UserText.shorten(UserText.singleLine(loop.concept()), LoopLimits.MAX_CONCEPT));
    }

    /**
     * On a reminder of this bot, to the person it reminds, the concept of its first loop: the layout's first text is its
     * head line ("A loop you parked may be structurally relevant now…"), no concept, and the form opened empty. Only
     * their own loop: someone else's reminder in a channel offers what it shows to them, nothing more.
     */
    private Optional<String> remindedConcept(GenericCommandInteractionEvent event, Message target) {
        String person = event.getUser().getId();
        if (loops == null || target.getAuthor().getIdLong() != event.getJDA().getSelfUser().getIdLong()) {
            return Optional.empty();
        }
        return target.getComponentTree().findAll(Button.class).stream()
                .map(button -> button.getCustomId() == null ? Optional.<ComponentId>empty()
                        : ComponentId.parse(button.getCustomId()))
                .flatMap(Optional::stream)
                .filter(id -> ReminderLayout.KEY.equals(id.command()) && person.equals(id.ownerId()) && id.args().size() == 2)
                .findFirst()
                .flatMap(id -> id.longArg(1)).flatMap(loopId -> loops.find(person, loopId))
                .map(loop -> UserText.shorten(UserText.singleLine(loop.concept()), LoopLimits.MAX_CONCEPT));
    }

    private static String excerptKey(String userId, String messageId) {
        return userId + ":" + messageId;
    }

    /**
     * What the form offers to park from a message: its words ({@link #words}), else the title or description of its
     * first embed that has one (a link's preview, a bot's card: a message of an embed alone opened an empty form), also
     * of a forwarded message's, each as {@link #prefill}. Words that are only a link give way to its preview's title: the
     * form offered {@code https://en.wikipedia.org/wiki/Kalm…} where the preview said "Kalman filter"; so do mentions
     * alone.
     */
    private static String offered(Message message, boolean readLayout) {
        String own = prefill(words(message, readLayout));
        Stream<MessageEmbed> embeds = Stream.concat(message.getEmbeds().stream(),
                message.getMessageSnapshots().stream().flatMap(snapshot -> snapshot.getEmbeds().stream()));
        String embedded = embeds.flatMap(embed -> Stream.of(embed.getTitle(), embed.getDescription()))
                .filter(Objects::nonNull).map(ParkMessageCommand::prefill).filter(text -> !text.isEmpty())
                .findFirst().orElse("");
        if (own.isEmpty() || embedded.isEmpty()) {
            return own.isEmpty() ? embedded : own;
        }
        boolean bare = LINKS_ONLY.matcher(own).matches() || LINKS_ONLY.matcher(message.getContentRaw().strip()).matches();
        return bare ? embedded : own;
    }

    /**
     * Words that are only links (a link in angle brackets has no preview, but is a link) or mentions, as a bot's card
     * often comes: "@Ada" above the card offered "@Ada" to park.
     */
    private static final Pattern LINKS_ONLY = Pattern.compile("(?:(?:<?https?://\\S+>?|<(?:@[!&]?|#)\\d+>)\\s*)+");

    /**
     * The text a message says: its content, else a forwarded message's (the forward itself has none: the form was
     * empty), else a poll's question (a poll has no content either), else, when {@code readLayout}, the text of a
     * layout message (Components V2: another app's card has no content, its words are in its text displays).
     */
    private static String words(Message message, boolean readLayout) {
        if (!message.getContentDisplay().isBlank()) {
            return message.getContentDisplay();
        }
        Optional<String> forwarded = message.getMessageSnapshots().stream().map(MessageSnapshot::getContentRaw)
                .filter(text -> !text.isBlank()).map(ParkMessageCommand::readable).findFirst();
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        MessagePoll poll = message.getPoll();
        if (poll != null && poll.getQuestion().getText() != null && !poll.getQuestion().getText().isBlank()) {
            return poll.getQuestion().getText();
        }
        return readLayout ? message.getComponentTree().findAll(TextDisplay.class).stream().map(TextDisplay::getContent)
                .filter(text -> text != null && !text.isBlank()).map(ParkMessageCommand::readable)
                .collect(Collectors.joining("\n")) : "";
    }

    /** Mention markup (user, role, channel) and custom emoji as a person reads them. */
    private static final Pattern MARKUP = Pattern.compile("<(@!?|@&|#|a?:(\\w+):)(\\d+)>");

    /**
     * A forwarded message's raw text as it reads, the way {@link Message#getContentDisplay()} shows content: JDA gives
     * a snapshot only its raw text, which offered {@code <@123456789012345678>} for a mention. Mentions are not
     * resolved: a forward may come from a server this bot is not in.
     */
    private static String readable(String raw) {
        return MARKUP.matcher(raw).replaceAll(m -> switch (m.group(1)) {
            case "@", "@!" -> "@user";
            case "@&" -> "@role";
            case "#" -> "#channel";
            default -> ":" + m.group(2) + ":";
        });
    }

    /**
     * The first line of the message that says something, cut at a word boundary: a concept, not a paragraph. A code
     * block's opening fence ({@code ```java}) says nothing, and a quote's, heading's or list item's marker is no part of
     * a concept: the form offered {@code ```java} or {@code > quoted} to park.
     */
    static String prefill(String content) {
        String firstLine = content.strip().lines().map(ParkMessageCommand::withoutLineMarkup).filter(l -> !l.isEmpty())
                .findFirst().orElse("");
        return UserText.shorten(UserText.singleLine(firstLine), PREFILL);
    }

    /** Quote ({@code >}, {@code >>>}), heading ({@code #}, {@code -#}) and list ({@code -}, {@code 1.}) markers. */
    private static final Pattern LINE_MARKERS = Pattern.compile("^(?:(?:>>>|>|#{1,3}|-#|[-*+]|\\d{1,3}[.)])\\s+)+");
    /** What Discord reads as a code block's language after its opening fence. */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+\\-.#]*");
    private static final String FENCE = "```";

    /** A line without what only dresses it: its markers, and a code fence (with its language, a fence alone). */
    private static String withoutLineMarkup(String line) {
        String text = LINE_MARKERS.matcher(line.strip()).replaceFirst("");
        if (text.startsWith(FENCE)) {
            text = text.substring(FENCE.length());
            if (!text.endsWith(FENCE) && LANGUAGE.matcher(text).matches()) {
                return "";
            }
        }
        return (text.endsWith(FENCE) ? text.substring(0, text.length() - FENCE.length()) : text).strip();
    }

    private static String value(ModalInteractionEvent event, String field) {
        ModalMapping mapping = event.getValue(field);
        return mapping == null ? null : mapping.getAsString();
    }
}
