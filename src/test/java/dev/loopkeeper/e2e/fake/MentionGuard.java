package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake's global mention rule: every message body the bot sends or edits, on any route (channel messages and DMs,
 * interaction replies and updates, followups and their edits), may ping at most the one person it addresses. The
 * fake serves a body that breaks it, as Discord would, and notes why, so the test that caused it fails by name.
 */
public final class MentionGuard {
    private MentionGuard() {
    }

    /** A message's first words addressing one person ({@code <@id>} first in its text): the one it may ping. */
    private static final Pattern ADDRESSED = Pattern.compile("^<@!?(\\d+)>");

    /**
     * What is wrong with the mentions of a message body the bot sends or edits (empty when nothing): the rule the fake
     * holds every such body to, whatever the route. A body that shows text (content, or components, which may hold text
     * displays) needs {@code allowed_mentions}, else Discord parses every mention in it; that may parse no kind
     * ({@code parse} empty: "users" would let any user typed into a concept be pinged), list no role, and list at most
     * the one user the message addresses: a reminder posted in a server channel opens with {@code <@recipient>}.
     * Then, with mentions resolved as Discord would over the text it shows (text displays included), nobody else is
     * pinged. Embeds, a poll's text and a body with no text (a deferral, a flags-only edit) ping nobody.
     */
    public static List<String> problems(DataObject body) {
        boolean showsText = body.hasKey("content") && !body.isNull("content")
                || body.hasKey("components") && !body.isNull("components");
        if (!showsText) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String text = Payloads.shownText(body);
        Matcher addressed = ADDRESSED.matcher(text);
        Set<String> intended = addressed.find() ? Set.of(addressed.group(1)) : Set.of();
        if (!body.hasKey("allowed_mentions") || body.isNull("allowed_mentions")) {
            problems.add("no allowed_mentions, so Discord would parse every mention (@everyone, roles, users) in it");
        } else {
            DataObject allowed = body.getObject("allowed_mentions");
            DataArray parse = allowed.optArray("parse").orElseGet(DataArray::empty);
            if (!parse.isEmpty()) {
                problems.add("allowed_mentions.parse must be empty, was " + parse);
            }
            if (!allowed.optArray("roles").orElseGet(DataArray::empty).isEmpty()) {
                problems.add("allowed_mentions lists roles: " + allowed.getArray("roles"));
            }
            DataArray users = allowed.optArray("users").orElseGet(DataArray::empty);
            for (int i = 0; i < users.length(); i++) {
                if (!intended.contains(users.getString(i))) {
                    problems.add("allowed_mentions lets user " + users.getString(i) + " be pinged, whom the message does "
                            + "not address (" + (intended.isEmpty() ? "it addresses nobody" : "it addresses " + intended)
                            + ")");
                }
            }
        }
        DataObject resolved = DataObject.empty().put("content", body.getString("content", ""))
                .put("components", body.optArray("components").orElseGet(DataArray::empty));
        Payloads.resolveMentions(resolved, body);
        if (resolved.getBoolean("mention_everyone")) {
            problems.add("it pings @everyone or @here");
        }
        if (!resolved.getArray("mention_roles").isEmpty()) {
            problems.add("it pings roles " + resolved.getArray("mention_roles"));
        }
        DataArray pinged = resolved.getArray("mentions");
        for (int i = 0; i < pinged.length(); i++) {
            String id = pinged.getObject(i).getString("id");
            if (!intended.contains(id)) {
                problems.add("it pings user " + id + ", whom it does not address");
            }
        }
        return problems;
    }
}
