package dev.loopkeeper.e2e;

import dev.loopkeeper.e2e.fake.InteractionRecord;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.data.DataType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that every end-to-end test applies to what the bot put on the wire: one timely acknowledgement per
 * interaction, no pings from user-supplied text, ephemeral personal replies, and Discord's size limits (which
 * Discord enforces with a 400 that a fake would otherwise let pass).
 */
public final class WireAssertions {

    /** Discord invalidates an interaction that is not acknowledged within 3 seconds. */
    public static final Duration ACK_DEADLINE = Duration.ofSeconds(3);
    public static final int FLAG_EPHEMERAL = 64;
    private static final int FLAG_COMPONENTS_V2 = 1 << 15;

    private WireAssertions() {
    }

    /**
     * Exactly one accepted (2xx) callback POST, received within {@link #ACK_DEADLINE} of dispatch; returns its body.
     * Attempts the fake refused (an injected 429 or 502 that JDA retried) do not count as acknowledgements.
     */
    public static DataObject assertAcknowledgedOnce(InteractionRecord record) {
        List<RecordedRequest> accepted = record.acceptedCallbacks();
        if (accepted.size() != 1) {
            throw new AssertionError(record.interaction().description() + ": expected exactly one accepted callback, got "
                    + accepted.size() + " (of " + record.callbacks().size() + " attempts): " + record.callbacks());
        }
        Duration latency = record.ackLatency().orElseThrow();
        if (latency.compareTo(ACK_DEADLINE) > 0) {
            throw new AssertionError(record.interaction().description() + ": acknowledged after " + latency.toMillis()
                    + " ms, Discord allows " + ACK_DEADLINE.toMillis() + " ms");
        }
        return accepted.get(0).json();
    }

    /**
     * For a message that carries text a user wrote: {@code allowed_mentions} is present with an empty
     * {@code parse} and no roles, so the text cannot ping @everyone, roles or users. An explicit
     * {@code users} list is allowed.
     */
    public static void assertMentionsSuppressed(DataObject message) {
        if (!message.hasKey("allowed_mentions") || message.isNull("allowed_mentions")) {
            throw new AssertionError("message has no allowed_mentions, so Discord would parse every mention: " + message);
        }
        DataObject allowed = message.getObject("allowed_mentions");
        DataArray parse = allowed.optArray("parse").orElseGet(DataArray::empty);
        if (!allowed.hasKey("parse") || !parse.isEmpty()) {
            throw new AssertionError("allowed_mentions.parse must be present and empty, was " + allowed);
        }
        if (!allowed.optArray("roles").orElseGet(DataArray::empty).isEmpty()) {
            throw new AssertionError("allowed_mentions must not allow roles, was " + allowed);
        }
    }

    /** A personal reply: the message has the EPHEMERAL flag (64). */
    public static void assertEphemeral(DataObject message) {
        if ((message.getInt("flags", 0) & FLAG_EPHEMERAL) == 0) {
            throw new AssertionError("expected an ephemeral message (flags & 64), got " + message);
        }
    }

    /** Every callback and every followup or edit of one interaction stays within Discord's limits. */
    public static void assertWithinLimits(InteractionRecord record) {
        for (RecordedRequest callback : record.callbacks()) {
            assertCallbackWithinLimits(callback.json());
        }
        for (RecordedRequest request : record.webhookRequests()) {
            if (!request.body().isEmpty()) {
                assertMessageWithinLimits(request.json());
            }
        }
    }

    /** A callback body: message limits for types 4/7, autocomplete limits for 8, modal limits for 9. */
    public static void assertCallbackWithinLimits(DataObject callback) {
        DataObject data = callback.optObject("data").orElseGet(DataObject::empty);
        List<String> problems = new ArrayList<>();
        switch (callback.getInt("type")) {
            case 4, 7 -> messageProblems(data, problems);
            case 8 -> autocompleteProblems(data, problems);
            case 9 -> {
                checkLength(problems, "modal custom_id", data.getString("custom_id", ""), 1, 100);
                checkLength(problems, "modal title", data.getString("title", ""), 1, 45);
                DataArray components = data.optArray("components").orElseGet(DataArray::empty);
                if (components.length() > 5) {
                    problems.add("a modal has at most 5 components, got " + components.length());
                }
                componentProblems(components, problems);
            }
            default -> { }
        }
        failIfAny(problems, callback);
    }

    /** Content, embed and component limits of one message body. */
    public static void assertMessageWithinLimits(DataObject message) {
        List<String> problems = new ArrayList<>();
        messageProblems(message, problems);
        failIfAny(problems, message);
    }

    /**
     * The query of a message list ({@code GET channels/{id}/messages}) as discord-api-spec's {@code list_messages}
     * takes it: {@code limit} an integer 1-100; {@code around}, {@code before} and {@code after} snowflakes, at most one
     * of them (discord-api-docs: they are mutually exclusive).
     */
    public static void assertListMessagesQuery(Map<String, String> query) {
        List<String> problems = new ArrayList<>();
        String limit = query.get("limit");
        if (limit != null) {
            try {
                int value = Integer.parseInt(limit);
                if (value < 1 || value > 100) {
                    problems.add("limit must be 1-100, got " + value);
                }
            } catch (NumberFormatException e) {
                problems.add("limit must be an integer, got '" + limit + "'");
            }
        }
        List<String> pivots = new ArrayList<>();
        for (String pivot : List.of("around", "before", "after")) {
            String value = query.get(pivot);
            if (value != null) {
                pivots.add(pivot);
                if (!SNOWFLAKE.matcher(value).matches()) {
                    problems.add(pivot + " must be a snowflake, got '" + value + "'");
                }
            }
        }
        if (pivots.size() > 1) {
            problems.add("around, before and after are mutually exclusive, got " + pivots);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Discord would reject this query:\n  - " + String.join("\n  - ", problems)
                    + "\nquery: " + query);
        }
    }

    /** discord-api-spec's {@code SnowflakeType}. */
    private static final java.util.regex.Pattern SNOWFLAKE = java.util.regex.Pattern.compile("0|[1-9][0-9]*");

    /** Autocomplete callback (type 8): at most 25 choices, names 1-100 characters, string values at most 100. */
    public static void assertAutocompleteWithinLimits(DataObject callback) {
        List<String> problems = new ArrayList<>();
        if (callback.getInt("type") != 8) {
            problems.add("expected callback type 8 (autocomplete result), got " + callback.getInt("type"));
        } else {
            autocompleteProblems(callback.getObject("data"), problems);
        }
        failIfAny(problems, callback);
    }

    private static void messageProblems(DataObject message, List<String> problems) {
        if (message.hasKey("content") && !message.isNull("content")) {
            checkLength(problems, "content", message.getString("content"), 0, 2000);
        }
        DataArray embeds = message.optArray("embeds").orElseGet(DataArray::empty);
        if (embeds.length() > 10) {
            problems.add("at most 10 embeds, got " + embeds.length());
        }
        int embedChars = 0;
        for (int i = 0; i < embeds.length(); i++) {
            embedChars += embedCharacters(embeds.getObject(i), problems);
        }
        if (embedChars > 6000) {
            problems.add("embeds total " + embedChars + " characters, the limit is 6000");
        }
        DataArray components = message.optArray("components").orElseGet(DataArray::empty);
        boolean componentsV2 = (message.getInt("flags", 0) & FLAG_COMPONENTS_V2) != 0;
        if (componentsV2) {
            layoutProblems(message, components, problems);
        } else {
            if (components.length() > 5) {
                problems.add("at most 5 action rows, got " + components.length());
            }
            for (int i = 0; i < components.length(); i++) {
                if (components.getObject(i).getInt("type", 0) != 1) {
                    problems.add("without the IS_COMPONENTS_V2 flag (1 << 15) only action rows (1) may be top-level, got "
                            + "type " + components.getObject(i).getInt("type", 0));
                }
            }
        }
        componentProblems(components, problems);
        // MessageAttachmentRequest: a file's name 1-1,024 characters, its description (alt text) at most 1,024.
        DataArray attachments = message.optArray("attachments").orElseGet(DataArray::empty);
        for (int i = 0; i < attachments.length(); i++) {
            DataObject attachment = attachments.getObject(i);
            if (attachment.hasKey("filename") && !attachment.isNull("filename")) {
                checkLength(problems, "attachment filename", attachment.getString("filename"), 1, 1024);
            }
            if (attachment.hasKey("description") && !attachment.isNull("description")) {
                checkLength(problems, "attachment description", attachment.getString("description"), 0, 1024);
            }
        }
        if (message.hasKey("poll") && !message.isNull("poll")) {
            pollProblems(message.getObject("poll"), problems);
        }
        List<String> customIds = new ArrayList<>();
        collectCustomIds(components, customIds);
        if (customIds.stream().distinct().count() < customIds.size()) {
            problems.add("custom ids must be unique within a message: " + customIds);
        }
    }

    /**
     * A poll create request as Discord's API documents it (resources/poll, discord-api-spec PollCreateRequest): a
     * question of 1-300 characters, 1-10 answers of 1-55 characters each, a duration of 1-768 hours, layout 1.
     */
    private static void pollProblems(DataObject poll, List<String> problems) {
        DataObject question = poll.optObject("question").orElse(null);
        if (question == null || question.isNull("text")) {
            problems.add("a poll needs a question with text");
        } else {
            checkLength(problems, "poll question", question.getString("text"), 1, 300);
        }
        DataArray answers = poll.optArray("answers").orElseGet(DataArray::empty);
        if (answers.length() < 1 || answers.length() > 10) {
            problems.add("a poll has 1-10 answers, got " + answers.length());
        }
        for (int i = 0; i < answers.length(); i++) {
            DataObject media = answers.getObject(i).optObject("poll_media").orElseGet(DataObject::empty);
            checkLength(problems, "poll answer", media.getString("text", ""), 1, 55);
        }
        if (poll.hasKey("duration") && !poll.isNull("duration")) {
            long hours = poll.getLong("duration");
            if (hours < 1 || hours > 768) {
                problems.add("a poll's duration is 1-768 hours, got " + hours);
            }
        }
        if (poll.hasKey("layout_type") && !poll.isNull("layout_type") && poll.getInt("layout_type") != 1) {
            problems.add("the only poll layout is 1, got " + poll.getInt("layout_type"));
        }
    }

    private static void collectCustomIds(DataArray components, List<String> ids) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.hasKey("custom_id") && !component.isNull("custom_id")) {
                ids.add(component.getString("custom_id"));
            }
            component.optObject("accessory").ifPresent(a -> collectCustomIds(DataArray.empty().add(a), ids));
            collectCustomIds(component.optArray("components").orElseGet(DataArray::empty), ids);
        }
    }

    /** Top-level types a layout (Components V2) message may hold: action row, section, text display, media, file, separator, container. */
    private static final java.util.Set<Integer> V2_TOP_LEVEL = java.util.Set.of(1, 9, 10, 12, 13, 14, 17);
    /** What a container may hold: the same without containers. */
    private static final java.util.Set<Integer> V2_IN_CONTAINER = java.util.Set.of(1, 9, 10, 12, 13, 14);

    /**
     * Discord's rules for a message with the IS_COMPONENTS_V2 flag (discord/discord-api-spec, MessageCreateRequest and
     * the *ComponentForMessageRequest schemas; Discord's component reference for the totals): no content, embeds or
     * poll; top-level components of the layout types only; containers hold 1-40 children and no container; a section 1-3
     * text displays and a button or thumbnail accessory; an action row 1-5 components; a text display 1-4,000
     * characters; at most 40 components in the whole tree and 4,000 characters of text displays together; component ids,
     * when given, non-negative and unique.
     */
    private static void layoutProblems(DataObject message, DataArray components, List<String> problems) {
        if (message.hasKey("content") && !message.isNull("content") && !message.getString("content").isEmpty()) {
            problems.add("a Components V2 message cannot have content");
        }
        if (!message.optArray("embeds").orElseGet(DataArray::empty).isEmpty()) {
            problems.add("a Components V2 message cannot have embeds");
        }
        if (message.hasKey("poll") && !message.isNull("poll")) {
            problems.add("a Components V2 message cannot have a poll");
        }
        if (components.isEmpty()) {
            problems.add("a Components V2 message needs at least one component");
        }
        int[] totals = new int[2];
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < components.length(); i++) {
            DataObject top = components.getObject(i);
            if (!V2_TOP_LEVEL.contains(top.getInt("type", 0))) {
                problems.add("type " + top.getInt("type", 0) + " cannot be a top-level component");
            }
            layoutNode(top, totals, ids, problems);
        }
        if (totals[0] > 40) {
            problems.add("at most 40 components in a message, got " + totals[0]);
        }
        if (totals[1] > 4000) {
            problems.add("text displays total " + totals[1] + " characters, the limit is 4000");
        }
    }

    private static void layoutNode(DataObject node, int[] totals, java.util.Set<Integer> ids, List<String> problems) {
        totals[0]++;
        int type = node.getInt("type", 0);
        if (node.hasKey("id") && !node.isNull("id")) {
            long id = node.getLong("id");
            if (id < 0 || id > Integer.MAX_VALUE || !ids.add((int) id)) {
                problems.add("component id " + id + " is negative, too large or used twice");
            }
        }
        DataArray children = node.optArray("components").orElseGet(DataArray::empty);
        switch (type) {
            case 10 -> {
                String content = node.getString("content", "");
                checkLength(problems, "text display", content, 1, 4000);
                // JDA and Discord count this total in UTF-16 units, where an emoji is two.
                totals[1] += content.length();
            }
            case 17 -> {
                if (children.isEmpty() || children.length() > 40) {
                    problems.add("a container holds 1-40 components, got " + children.length());
                }
                for (int i = 0; i < children.length(); i++) {
                    if (!V2_IN_CONTAINER.contains(children.getObject(i).getInt("type", 0))) {
                        problems.add("a container cannot hold type " + children.getObject(i).getInt("type", 0));
                    }
                }
            }
            case 9 -> {
                if (children.isEmpty() || children.length() > 3) {
                    problems.add("a section holds 1-3 text displays, got " + children.length());
                }
                for (int i = 0; i < children.length(); i++) {
                    if (children.getObject(i).getInt("type", 0) != 10) {
                        problems.add("a section holds text displays only, got type " + children.getObject(i).getInt("type", 0));
                    }
                }
                int accessory = node.optObject("accessory").map(a -> a.getInt("type", 0)).orElse(0);
                if (accessory != 2 && accessory != 11) {
                    problems.add("a section needs a button or thumbnail accessory, got type " + accessory);
                }
                node.optObject("accessory").ifPresent(a -> layoutNode(a, totals, ids, problems));
            }
            case 1 -> {
                if (children.isEmpty() || children.length() > 5) {
                    problems.add("an action row holds 1-5 components, got " + children.length());
                }
            }
            case 14 -> {
                int spacing = node.getInt("spacing", 1);
                if (spacing != 1 && spacing != 2) {
                    problems.add("a separator's spacing is 1 or 2, got " + spacing);
                }
            }
            default -> { }
        }
        for (int i = 0; i < children.length(); i++) {
            layoutNode(children.getObject(i), totals, ids, problems);
        }
    }

    /** The text a person reads in a message: its content, then every text display, in order. */
    public static String text(DataObject message) {
        StringBuilder text = new StringBuilder(message.getString("content", ""));
        collectText(message.optArray("components").orElseGet(DataArray::empty), text);
        return text.toString();
    }

    private static void collectText(DataArray components, StringBuilder text) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.getInt("type", 0) == 10) {
                text.append(text.length() == 0 ? "" : "\n").append(component.getString("content", ""));
            }
            collectText(component.optArray("components").orElseGet(DataArray::empty), text);
        }
    }

    private static int embedCharacters(DataObject embed, List<String> problems) {
        int total = 0;
        total += checkedText(problems, "embed title", embed.getString("title", ""), 256);
        total += checkedText(problems, "embed description", embed.getString("description", ""), 4096);
        total += checkedText(problems, "embed footer", embed.optObject("footer").map(f -> f.getString("text", "")).orElse(""), 2048);
        total += checkedText(problems, "embed author", embed.optObject("author").map(a -> a.getString("name", "")).orElse(""), 256);
        DataArray fields = embed.optArray("fields").orElseGet(DataArray::empty);
        if (fields.length() > 25) {
            problems.add("an embed has at most 25 fields, got " + fields.length());
        }
        for (int i = 0; i < fields.length(); i++) {
            total += checkedText(problems, "field name", fields.getObject(i).getString("name", ""), 256);
            total += checkedText(problems, "field value", fields.getObject(i).getString("value", ""), 1024);
        }
        return total;
    }

    /**
     * Walks the component tree: custom ids at most 100 characters, at most 5 children per action row, button labels at
     * most 80, text displays 1-4,000, and in modals label texts at most 45, descriptions and placeholders 100, text
     * input values 4,000 and their min_length and max_length within 0-4,000 and 1-4,000.
     */
    private static void componentProblems(DataArray components, List<String> problems) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.hasKey("custom_id") && !component.isNull("custom_id")) {
                checkLength(problems, "custom_id", component.getString("custom_id"), 1, 100);
            }
            switch (component.getInt("type", 0)) {
                case 2 -> checkLength(problems, "button label", component.getString("label", ""), 0, 80);
                case 4 -> {
                    checkLength(problems, "text input label", component.getString("label", ""), 0, 45);
                    checkLength(problems, "text input placeholder", component.getString("placeholder", ""), 0, 100);
                    checkLength(problems, "text input value", component.getString("value", ""), 0, 4000);
                    // TextInputComponentForModalRequest: min_length 0-4000, max_length 1-4000.
                    checkRange(problems, "text input min_length", component, "min_length", 0, 4000);
                    checkRange(problems, "text input max_length", component, "max_length", 1, 4000);
                }
                // A text display (a modal's, or a layout message's): 1-4,000 characters.
                case 10 -> checkLength(problems, "text display", component.getString("content", ""), 1, 4000);
                case 18 -> {
                    checkLength(problems, "label", component.getString("label", ""), 1, 45);
                    checkLength(problems, "label description", component.getString("description", ""), 0, 100);
                }
                default -> { }
            }
            DataArray children = component.optArray("components").orElseGet(DataArray::empty);
            if (component.getInt("type", 0) == 1 && children.length() > 5) {
                problems.add("an action row holds at most 5 components (buttons), got " + children.length());
            }
            componentProblems(children, problems);
            component.optObject("component").ifPresent(c -> componentProblems(DataArray.empty().add(c), problems));
            component.optObject("accessory").ifPresent(c -> componentProblems(DataArray.empty().add(c), problems));
        }
    }

    private static void autocompleteProblems(DataObject data, List<String> problems) {
        DataArray choices = data.optArray("choices").orElseGet(DataArray::empty);
        if (choices.length() > 25) {
            problems.add("at most 25 autocomplete choices, got " + choices.length());
        }
        for (int i = 0; i < choices.length(); i++) {
            DataObject choice = choices.getObject(i);
            checkLength(problems, "choice name", choice.getString("name", ""), 1, 100);
            if (choice.isType("value", DataType.STRING)) {
                checkLength(problems, "choice value", choice.getString("value"), 1, 100);
            }
        }
    }

    private static int checkedText(List<String> problems, String what, String text, int max) {
        checkLength(problems, what, text, 0, max);
        return text.codePointCount(0, text.length());
    }

    private static void checkRange(List<String> problems, String what, DataObject object, String key, int min, int max) {
        if (object.hasKey(key) && !object.isNull(key)) {
            long value = object.getLong(key);
            if (value < min || value > max) {
                problems.add(what + " is " + value + ", allowed " + min + "-" + max);
            }
        }
    }

    private static void checkLength(List<String> problems, String what, String text, int min, int max) {
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            problems.add(what + " has " + length + " characters, allowed " + min + "-" + max + ": "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
    }

    private static void failIfAny(List<String> problems, DataObject body) {
        if (!problems.isEmpty()) {
            throw new AssertionError("Discord would reject this body:\n  - " + String.join("\n  - ", problems)
                    + "\nbody: " + body);
        }
    }
}
