package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON shapes JDA 6.5.0 parses without complaint (see DISCORD-WIRE.md section 4). */
final class Payloads {

    static final int MESSAGE_FLAG_LOADING = 128;
    static final int MESSAGE_FLAG_EPHEMERAL = 64;
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");

    private Payloads() {
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }

    static DataObject user(FakeUser user, boolean bot) {
        return DataObject.empty()
                .put("id", user.id())
                .put("username", user.username())
                .put("global_name", user.username())
                .put("discriminator", "0")
                .putNull("avatar")
                .put("bot", bot)
                .put("public_flags", 0);
    }

    static DataObject member(FakeUser user, boolean bot, String permissions) {
        return DataObject.empty()
                .put("user", user(user, bot))
                .put("roles", DataArray.empty())
                .put("joined_at", now())
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0)
                .put("permissions", permissions);
    }

    /** A role of the server besides @everyone, granting nothing of its own, as GUILD_ROLE_CREATE and options carry it. */
    static DataObject role(String id, String name) {
        return DataObject.empty()
                .put("id", id)
                .put("name", name)
                .put("position", 1)
                .put("permissions", "0")
                .put("colors", DataObject.empty().put("primary_color", 0))
                .put("hoist", false)
                .put("managed", false)
                .put("mentionable", false)
                .put("flags", 0);
    }

    static DataObject everyoneRole(FakeGuild guild) {
        return DataObject.empty()
                .put("id", guild.id())
                .put("name", "@everyone")
                .put("position", 0)
                .put("permissions", guild.everyonePermissions())
                .put("colors", DataObject.empty().put("primary_color", 0))
                .put("hoist", false)
                .put("managed", false)
                .put("mentionable", false)
                .put("flags", 0);
    }

    static DataObject textChannel(FakeGuild guild, FakeChannel channel, int position) {
        return DataObject.empty()
                .put("id", channel.id())
                .put("type", 0)
                .put("guild_id", guild.id())
                .put("name", channel.name())
                .put("position", position)
                .put("nsfw", false)
                .put("permission_overwrites", DataArray.empty());
    }

    static DataObject dmChannel(String channelId, FakeUser recipient) {
        return DataObject.empty()
                .put("id", channelId)
                .put("type", 1)
                .putNull("last_message_id")
                .put("recipients", DataArray.empty().add(user(recipient, false)));
    }

    /** GUILD_CREATE: every key whose absence makes JDA hang 75 s in LOADING_SUBSYSTEMS is present. */
    static DataObject guildCreate(FakeGuild guild, FakeUser bot) {
        return guildCreate(guild, bot, DataArray.empty());
    }

    /** GUILD_CREATE with the server's active threads ({@code threads}: archived ones are not listed). */
    static DataObject guildCreate(FakeGuild guild, FakeUser bot, DataArray threads) {
        DataArray members = DataArray.empty().add(member(bot, true, guild.everyonePermissions()));
        guild.members().forEach(m -> members.add(member(m, false, guild.everyonePermissions())));
        DataArray channels = DataArray.empty();
        for (int i = 0; i < guild.channels().size(); i++) {
            channels.add(textChannel(guild, guild.channels().get(i), i));
        }
        return DataObject.empty()
                .put("id", guild.id())
                .put("name", guild.name())
                .put("owner_id", guild.owner().id())
                .put("unavailable", false)
                .put("member_count", members.length())
                .put("afk_timeout", 300)
                .put("preferred_locale", "en-US")
                .put("features", DataArray.empty())
                .put("members", members)
                .put("roles", DataArray.empty().add(everyoneRole(guild)))
                .put("channels", channels)
                .put("threads", threads)
                .put("guild_scheduled_events", DataArray.empty())
                .put("emojis", DataArray.empty())
                .put("stickers", DataArray.empty())
                .put("presences", DataArray.empty())
                .put("voice_states", DataArray.empty());
    }

    /**
     * GUILD_UPDATE: the guild without its members and channels; JDA reads these levels without defaults, so they are
     * sent with GUILD_CREATE's values (JDA's defaults for what GUILD_CREATE leaves out), changing only the name.
     */
    static DataObject guildUpdate(FakeGuild guild) {
        return DataObject.empty()
                .put("id", guild.id())
                .put("name", guild.name())
                .put("owner_id", guild.owner().id())
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("mfa_level", 0)
                .put("explicit_content_filter", 0)
                .put("afk_timeout", 300)
                .put("preferred_locale", "en-US")
                .put("features", DataArray.empty())
                .put("roles", DataArray.empty().add(everyoneRole(guild)));
    }

    /** A message object built from a create body; {@code guildId} and {@code webhookId} may be null. */
    static DataObject message(String id, int type, String channelId, String guildId, DataObject author,
                              String webhookId, DataObject body, FakeDiscord.Ids ids, String restBaseUrl) {
        DataObject message = DataObject.empty()
                .put("id", id)
                .put("type", type)
                .put("channel_id", channelId)
                .put("author", author)
                .put("content", "")
                .put("timestamp", now())
                .putNull("edited_timestamp")
                .put("tts", false)
                .put("mention_everyone", false)
                .put("mentions", DataArray.empty())
                .put("mention_roles", DataArray.empty())
                .put("attachments", DataArray.empty())
                .put("embeds", DataArray.empty())
                .put("components", DataArray.empty())
                .put("pinned", false)
                .put("flags", 0);
        if (guildId != null) {
            message.put("guild_id", guildId);
        }
        if (webhookId != null) {
            message.put("webhook_id", webhookId).put("application_id", webhookId);
        }
        applyEdit(message, body, ids, restBaseUrl);
        return message;
    }

    /** IS_COMPONENTS_V2: the message is laid out in components and has no content. */
    public static final int MESSAGE_FLAG_COMPONENTS_V2 = 1 << 15;

    /** Discord gives every component of a layout message a numeric id, unique in the message, where none was sent. */
    private static void numberComponents(DataArray components, int[] last) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (!component.hasKey("id") || component.isNull("id")) {
                component.put("id", ++last[0]);
            }
            component.optObject("accessory").ifPresent(a -> numberComponents(DataArray.empty().add(a), last));
            numberComponents(component.optArray("components").orElseGet(DataArray::empty), last);
        }
    }

    private static int maxComponentId(DataArray components) {
        int max = 0;
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.hasKey("id") && !component.isNull("id")) {
                max = Math.max(max, component.getInt("id"));
            }
            max = Math.max(max, component.optObject("accessory").map(a -> maxComponentId(DataArray.empty().add(a))).orElse(0));
            max = Math.max(max, maxComponentId(component.optArray("components").orElseGet(DataArray::empty)));
        }
        return max;
    }

    /** Copies the editable fields of a create or edit body onto a stored message. */
    static void applyEdit(DataObject message, DataObject body, FakeDiscord.Ids ids, String restBaseUrl) {
        // As on Discord, an edit cannot make an ephemeral message public: its EPHEMERAL flag stays.
        int ephemeral = message.getInt("flags", 0) & MESSAGE_FLAG_EPHEMERAL;
        for (String key : new String[]{"content", "components", "flags"}) {
            if (body.hasKey(key) && !body.isNull(key)) {
                message.put(key, body.get(key));
            }
        }
        message.put("flags", message.getInt("flags", 0) | ephemeral);
        if (body.hasKey("embeds") && !body.isNull("embeds")) {
            message.put("embeds", embeds(body.getArray("embeds")));
        }
        if ((message.getInt("flags", 0) & MESSAGE_FLAG_COMPONENTS_V2) != 0) {
            numberComponents(message.getArray("components"), new int[] {maxComponentId(message.getArray("components"))});
        }
        // Discord parses mentions in the text a message shows: its content, and the text displays of a layout message.
        if (body.hasKey("content") && !body.isNull("content") || body.hasKey("components") && !body.isNull("components")) {
            resolveMentions(message, body);
        }
        if (body.hasKey("attachments") && !body.isNull("attachments")) {
            message.put("attachments", attachments(body.getArray("attachments"), ids, restBaseUrl));
        }
        // JDA always sends "poll": null, so only a non-null poll is a poll (pitfall 4).
        if (body.hasKey("poll") && !body.isNull("poll")) {
            message.put("poll", poll(body.getObject("poll")));
        }
    }

    /**
     * Fills {@code mention_everyone}, {@code mentions} and {@code mention_roles} the way Discord decides who gets
     * pinged: mentions in the content count only if {@code allowed_mentions} lets them through, and without
     * {@code allowed_mentions} every kind is parsed. Tests can then check "nobody was pinged" on the stored message.
     */
    static void resolveMentions(DataObject message, DataObject body) {
        String content = shownText(message);
        boolean restricted = body.hasKey("allowed_mentions") && !body.isNull("allowed_mentions");
        DataObject allowed = restricted ? body.getObject("allowed_mentions") : DataObject.empty();
        Set<String> parse = new LinkedHashSet<>();
        if (restricted) {
            DataArray parseArray = allowed.optArray("parse").orElseGet(DataArray::empty);
            for (int i = 0; i < parseArray.length(); i++) {
                parse.add(parseArray.getString(i));
            }
        } else {
            parse.addAll(Set.of("everyone", "users", "roles"));
        }
        Set<String> allowedUsers = strings(allowed.optArray("users").orElseGet(DataArray::empty));
        Set<String> allowedRoles = strings(allowed.optArray("roles").orElseGet(DataArray::empty));
        message.put("mention_everyone", parse.contains("everyone")
                && (content.contains("@everyone") || content.contains("@here")));
        DataArray users = DataArray.empty();
        Set<String> seen = new LinkedHashSet<>();
        for (Matcher m = USER_MENTION.matcher(content); m.find(); ) {
            String id = m.group(1);
            if ((parse.contains("users") || allowedUsers.contains(id)) && seen.add(id)) {
                users.add(user(new FakeUser(id, "user-" + id), false));
            }
        }
        DataArray roles = DataArray.empty();
        seen.clear();
        for (Matcher m = ROLE_MENTION.matcher(content); m.find(); ) {
            String id = m.group(1);
            if ((parse.contains("roles") || allowedRoles.contains(id)) && seen.add(id)) {
                roles.add(id);
            }
        }
        message.put("mentions", users).put("mention_roles", roles);
    }

    /**
     * The text a message shows, where a mention pings: its content, then the content of every text display (type 10)
     * of its components, inside containers (17) and sections (9) too, each on a line of its own. Embeds never ping.
     */
    static String shownText(DataObject message) {
        StringBuilder text = new StringBuilder(message.getString("content", ""));
        collectTextDisplays(message.optArray("components").orElseGet(DataArray::empty), text);
        return text.toString();
    }

    private static void collectTextDisplays(DataArray components, StringBuilder text) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.getInt("type", 0) == 10) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(component.getString("content", ""));
            }
            component.optObject("accessory").ifPresent(a -> collectTextDisplays(DataArray.empty().add(a), text));
            collectTextDisplays(component.optArray("components").orElseGet(DataArray::empty), text);
        }
    }

    private static Set<String> strings(DataArray array) {
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < array.length(); i++) {
            values.add(array.getString(i));
        }
        return values;
    }

    /** Embeds as Discord stores them: JDA refuses (logs an ERROR and drops) an embed without {@code type}. */
    private static DataArray embeds(DataArray requested) {
        DataArray embeds = DataArray.empty();
        for (int i = 0; i < requested.length(); i++) {
            DataObject embed = DataObject.fromJson(requested.getObject(i).toString());
            if (!embed.hasKey("type")) {
                embed.put("type", "rich");
            }
            embeds.add(embed);
        }
        return embeds;
    }

    static DataObject markEdited(DataObject message) {
        return message.put("edited_timestamp", now());
    }

    private static DataArray attachments(DataArray requested, FakeDiscord.Ids ids, String restBaseUrl) {
        DataArray attachments = DataArray.empty();
        for (int i = 0; i < requested.length(); i++) {
            DataObject a = requested.getObject(i);
            String id = ids.next();
            String filename = a.getString("filename", "file");
            String url = restBaseUrl + "attachments/" + id + "/" + filename;
            attachments.add(DataObject.empty()
                    .put("id", id)
                    .put("filename", filename)
                    .put("size", 0)
                    .put("url", url)
                    .put("proxy_url", url));
        }
        return attachments;
    }

    private static DataObject poll(DataObject requested) {
        DataArray answers = DataArray.empty();
        DataArray requestedAnswers = requested.getArray("answers");
        for (int i = 0; i < requestedAnswers.length(); i++) {
            answers.add(DataObject.empty()
                    .put("answer_id", i + 1)
                    .put("poll_media", requestedAnswers.getObject(i).getObject("poll_media")));
        }
        long hours = requested.isNull("duration") ? 24 : requested.getLong("duration", 24);
        return DataObject.empty()
                .put("question", requested.getObject("question"))
                .put("answers", answers)
                .put("expiry", OffsetDateTime.now(ZoneOffset.UTC).plusHours(hours).toString())
                .put("allow_multiselect", requested.getBoolean("allow_multiselect", false))
                .put("layout_type", requested.isNull("layout_type") ? 1 : requested.getInt("layout_type", 1))
                .put("results", DataObject.empty().put("is_finalized", false).put("answer_counts", DataArray.empty()));
    }
}
