package dev.loopkeeper.e2e.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loopkeeper.e2e.WireAssertions;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST side of {@link FakeDiscord}: serves the routes a bot uses, records every request and answers injected
 * faults. Unknown routes get Discord's 404 shape, which JDA turns into an {@code ErrorResponseException}.
 */
final class FakeRest {

    private static final String API_PREFIX = "/api/v10/";
    private static final Pattern MULTIPART_BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern COMMANDS = Pattern.compile("applications/(\\d+)(?:/guilds/(\\d+))?/commands");
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/(\\d+)/([^/]+)/messages/([^/]+)");
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("channels/(\\d+)/messages");
    private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)");
    private static final Pattern ARCHIVED_THREADS = Pattern.compile("channels/(\\d+)/threads/archived/public");
    private static final Pattern GUILD_MEMBER = Pattern.compile("guilds/(\\d+)/members/(\\d+)");

    private static final String ATTACHMENTS = "attachments/";
    /** What the request being routed makes Discord send, run once the fake's lock is released (under the lock). */
    private final List<Runnable> afterLock = new java.util.ArrayList<>();
    /** The file parts of the request being routed (under the fake's lock); empty for any other request. */
    private Map<String, byte[]> uploads = Map.of();
    private static final Pattern FILE_PART = Pattern.compile("files\\[(\\d+)\\]");

    private record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(Object body) {
            return new Reply(200, body.toString(), Map.of());
        }

        static Reply noContent() {
            return new Reply(204, "", Map.of());
        }

        static Reply error(int status, int code, String message) {
            return new Reply(status, DataObject.empty().put("message", message).put("code", code).toString(), Map.of());
        }
    }

    private final FakeDiscord fake;
    private final HttpServer server;
    private final ExecutorService executor;

    FakeRest(FakeDiscord fake) {
        this.fake = fake;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-discord-rest-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind fake REST server", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + API_PREFIX;
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long receivedAt = System.nanoTime();
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = rawPath.startsWith(API_PREFIX) ? rawPath.substring(API_PREFIX.length()) : rawPath;
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            if (method.equals("GET") && path.startsWith(ATTACHMENTS)) {
                serveFile(exchange, path.substring(ATTACHMENTS.length()));
                return;
            }
            List<RecordedRequest.Upload> files = new java.util.ArrayList<>();
            String body = readBody(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    files);

            Stall stall = fake.takeStall(method, path);
            RecordedRequest unanswered = new RecordedRequest(method, path, Map.copyOf(query), Map.copyOf(headers), body,
                    receivedAt, 0, 0, files);
            if (stall != null && !stall.servedFirst() && !held(stall, unanswered)) {
                return;
            }
            Reply reply;
            List<Runnable> after;
            synchronized (fake.lock) {
                Fault fault = fake.takeFault(method, path);
                if (fault != null && fault.servedFirst()) {
                    routeWithUploads(filesByIndex(files), method, path, query, body);
                }
                reply = fault != null ? new Reply(fault.status(), fault.body().toString(), fault.headers())
                        : routeWithUploads(filesByIndex(files), method, path, query, body);
                after = List.copyOf(afterLock);
                afterLock.clear();
            }
            // The events a request makes Discord send (a thread unarchived by a message), out of the fake's lock.
            after.forEach(Runnable::run);
            if (stall != null && stall.servedFirst() && !held(stall, unanswered)) {
                return;
            }
            // Recorded before answering, so a test that reacts to JDA's success callback already sees the request.
            fake.record(new RecordedRequest(method, path, Map.copyOf(query), Map.copyOf(headers), body, receivedAt,
                    reply.status(), System.nanoTime() - receivedAt, files));
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (reply.status() == 204) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            fake.note("REST handler failed: " + e);
            throw e;
        }
    }

    /** Holds a stalled request until it is released; false when the fake is closing (the request is dropped). */
    private static boolean held(Stall stall, RecordedRequest request) {
        try {
            stall.hold(request);
            return true;
        } catch (InterruptedException e) {
            // The fake is closing: drop the request unanswered, as a Discord that hung would.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Called with the fake's lock held. */
    private Reply route(String method, String path, Map<String, String> query, String body) {
        guardMentions(method, path, body);
        Matcher m;
        if (path.equals("users/@me") && method.equals("GET")) {
            return Reply.json(Payloads.user(fake.bot(), true).put("verified", true).put("mfa_enabled", false)
                    .put("flags", 0));
        }
        if (path.equals("gateway/bot") && method.equals("GET")) {
            return Reply.json(DataObject.empty().put("url", fake.gatewayUrl()).put("shards", fake.recommendedShards)
                    .put("session_start_limit", DataObject.empty().put("total", 1000).put("remaining", 1000)
                            .put("reset_after", 0).put("max_concurrency", fake.maxConcurrency)));
        }
        if (path.equals("users/@me/channels") && method.equals("POST")) {
            FakeUser recipient = fake.knownUser(DataObject.fromJson(body).getString("recipient_id"));
            return Reply.json(Payloads.dmChannel(fake.dmChannelFor(recipient), recipient));
        }
        if ((m = COMMANDS.matcher(path)).matches()) {
            return commands(method, m.group(2), body);
        }
        if ((m = CALLBACK.matcher(path)).matches() && method.equals("POST")) {
            return callback(m.group(1), m.group(2), query, body);
        }
        if ((m = WEBHOOK.matcher(path)).matches() && method.equals("POST")) {
            return followup(m.group(2), body);
        }
        if ((m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
            return webhookMessage(method, m.group(2), m.group(3), body);
        }
        if ((m = CHANNEL_MESSAGES.matcher(path)).matches() && method.equals("POST")) {
            return createChannelMessage(m.group(1), body);
        }
        if ((m = CHANNEL_MESSAGES.matcher(path)).matches() && method.equals("GET")) {
            return listMessages(m.group(1), query);
        }
        if ((m = CHANNEL_MESSAGE.matcher(path)).matches()) {
            return channelMessage(method, m.group(1), m.group(2), body);
        }
        if ((m = ARCHIVED_THREADS.matcher(path)).matches() && method.equals("GET")) {
            return archivedThreads(m.group(1));
        }
        if ((m = GUILD_MEMBER.matcher(path)).matches() && method.equals("GET")) {
            return guildMember(m.group(1), m.group(2));
        }
        fake.note("REST: no route for " + method + " " + path);
        return Reply.error(404, 0, "404: Not Found (no fake route for " + method + " " + path + ")");
    }

    /**
     * Holds every message body the bot sends or edits to the mention rule ({@link MentionGuard#problems}):
     * channel messages and their edits (DMs included), interaction replies and updates (callbacks 4 and 7), followups
     * and their edits. Discord would not refuse such a body, it would ping; so the fake serves it and notes the
     * problem, which fails the test that caused it.
     */
    private void guardMentions(String method, String path, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        DataObject message;
        if (method.equals("POST") && CALLBACK.matcher(path).matches()) {
            DataObject callback = DataObject.fromJson(body);
            int type = callback.getInt("type", 0);
            if ((type != 4 && type != 7) || !callback.hasKey("data") || callback.isNull("data")) {
                return;
            }
            message = callback.getObject("data");
        } else if (method.equals("POST") && (WEBHOOK.matcher(path).matches() || CHANNEL_MESSAGES.matcher(path).matches())
                || method.equals("PATCH") && (WEBHOOK_MESSAGE.matcher(path).matches()
                        || CHANNEL_MESSAGE.matcher(path).matches())) {
            message = DataObject.fromJson(body);
        } else {
            return;
        }
        List<String> problems = MentionGuard.problems(message);
        if (!problems.isEmpty()) {
            String text = Payloads.shownText(message).replace('\n', ' ');
            fake.note("mention guard: " + method + " " + path + " may ping someone: " + String.join("; ", problems)
                    + ". Text: " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
    }

    /**
     * {@code GET guilds/{guild}/members/{user}} (discord-api-docs, Get Guild Member): the member, or 404 / 10007 Unknown
     * Member for one who left ({@link FakeDiscord#memberLeaves}); 404 / 10004 Unknown Guild for a server the bot is not
     * in. No intent is needed for it.
     */
    private Reply guildMember(String guildId, String userId) {
        if (fake.guilds().stream().noneMatch(g -> g.id().equals(guildId))) {
            return Reply.error(404, 10004, "Unknown Guild");
        }
        if (!fake.isMember(guildId, userId)) {
            return Reply.error(404, 10007, "Unknown Member");
        }
        boolean bot = userId.equals(fake.bot().id());
        return Reply.json(Payloads.member(bot ? fake.bot() : fake.knownUser(userId), bot, "0"));
    }

    private Reply commands(String method, String guildId, String body) {
        return switch (method) {
            case "GET" -> Reply.json(fake.commands(guildId));
            case "PUT" -> {
                DataArray requested = DataArray.fromJson(body);
                DataArray registered = DataArray.empty();
                for (int i = 0; i < requested.length(); i++) {
                    registered.add(registeredCommand(requested.getObject(i), guildId));
                }
                fake.storeCommands(guildId, registered);
                yield Reply.json(registered);
            }
            case "POST" -> {
                // upsertCommand: replaces the command with the same name and type, keeps the others.
                DataObject command = registeredCommand(DataObject.fromJson(body), guildId);
                DataArray registered = DataArray.empty();
                DataArray existing = fake.commands(guildId);
                for (int i = 0; i < existing.length(); i++) {
                    DataObject old = existing.getObject(i);
                    if (!(old.getString("name").equals(command.getString("name"))
                            && old.getInt("type", 1) == command.getInt("type", 1))) {
                        registered.add(old);
                    }
                }
                fake.storeCommands(guildId, registered.add(command));
                yield Reply.json(command);
            }
            default -> Reply.error(405, 0, "405: Method Not Allowed");
        };
    }

    private DataObject registeredCommand(DataObject requested, String guildId) {
        DataObject command = DataObject.fromJson(requested.toString())
                .put("id", fake.ids.next())
                .put("application_id", fake.applicationId())
                .put("version", fake.ids.next());
        if (!command.hasKey("type")) {
            command.put("type", 1);
        }
        if (guildId != null) {
            command.put("guild_id", guildId);
        }
        return command;
    }

    private Reply callback(String interactionId, String token, Map<String, String> query, String body) {
        FakeDiscord.InteractionState state = fake.interactionsById.get(interactionId);
        if (state == null || !state.handle.token().equals(token)) {
            return Reply.error(404, 10062, "Unknown interaction");
        }
        if (state.acknowledged) {
            return Reply.error(400, 40060, "Interaction has already been acknowledged.");
        }
        DataObject callback = DataObject.fromJson(body);
        Reply overLimit = overLimit(() -> WireAssertions.assertCallbackWithinLimits(callback));
        if (overLimit != null) {
            return overLimit; // like Discord: refused, and the interaction stays unacknowledged
        }
        state.acknowledged = true;
        int type = callback.getInt("type");
        DataObject data = callback.optObject("data").orElseGet(DataObject::empty);
        DataObject message = null;
        switch (type) {
            case 4 -> {
                message = newInteractionMessage(state, data);
                state.originalMessageId = message.getString("id");
            }
            case 5 -> {
                // Deferred reply: Discord shows a "thinking" message that the bot later edits.
                int flags = (data.getInt("flags", 0) & 64) | Payloads.MESSAGE_FLAG_LOADING;
                message = newInteractionMessage(state, DataObject.empty().put("flags", flags));
                state.originalMessageId = message.getString("id");
            }
            case 6, 7 -> {
                DataObject original = state.originalMessageId == null ? null : fake.messages.get(state.originalMessageId);
                if (original != null && type == 7) {
                    Payloads.applyEdit(original, data, fake.ids, fake.restBaseUrl());
                    remember(original, data);
                    Payloads.markEdited(original);
                }
                message = original;
            }
            case 8, 9 -> { } // autocomplete choices and modals create no message
            default -> {
                state.acknowledged = false;
                return Reply.error(400, 50035, "Invalid Form Body (unknown callback type " + type + ")");
            }
        }
        if (!"true".equals(query.get("with_response"))) {
            return Reply.noContent();
        }
        DataObject resource = DataObject.empty().put("type", type);
        DataObject interaction = DataObject.empty()
                .put("id", interactionId)
                .put("type", 2)
                .put("response_message_loading", type == 5)
                .put("response_message_ephemeral", message != null && (message.getInt("flags", 0) & 64) != 0);
        if (message != null) {
            resource.put("message", message);
            interaction.put("response_message_id", message.getString("id"));
        }
        return Reply.json(DataObject.empty().put("interaction", interaction).put("resource", resource));
    }

    private Reply followup(String token, String body) {
        FakeDiscord.InteractionState state = fake.interactionsByToken.get(token);
        // Discord refuses followups before the interaction is acknowledged; JDA waits for the callback itself.
        if (state == null || !state.acknowledged) {
            return Reply.error(404, 10015, "Unknown Webhook");
        }
        DataObject message = DataObject.fromJson(body);
        Reply overLimit = overLimit(() -> WireAssertions.assertMessageWithinLimits(message));
        return overLimit != null ? overLimit : Reply.json(newInteractionMessage(state, message));
    }

    private Reply webhookMessage(String method, String token, String messageRef, String body) {
        FakeDiscord.InteractionState state = fake.interactionsByToken.get(token);
        if (state == null || !state.acknowledged) {
            return Reply.error(404, 10015, "Unknown Webhook");
        }
        String messageId = messageRef.equals("@original") ? state.originalMessageId : messageRef;
        return existingMessage(method, messageId, body);
    }

    /**
     * {@code GET/PATCH/DELETE channels/{channel}/messages/{message}}: as on Discord, a message is found only in its own
     * channel (10008 otherwise), and only its author may edit its content and components (a bot editing another
     * user's message gets 403 / 50005; the flags-only edit Discord allows with Manage Messages is not modelled).
     */
    private Reply channelMessage(String method, String channelId, String messageId, String body) {
        DataObject message = fake.messages.get(messageId);
        if (message == null || !channelId.equals(message.getString("channel_id", null))) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        if (method.equals("PATCH") && !fake.bot().id().equals(message.getObject("author").getString("id"))) {
            return Reply.error(403, 50005, "Cannot edit a message authored by another user");
        }
        return existingMessage(method, messageId, body);
    }

    private Reply existingMessage(String method, String messageId, String body) {
        DataObject message = messageId == null ? null : fake.messages.get(messageId);
        if (message == null) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        Reply overLimit = method.equals("PATCH")
                ? overLimit(() -> WireAssertions.assertMessageWithinLimits(DataObject.fromJson(body))) : null;
        if (overLimit != null) {
            return overLimit;
        }
        return switch (method) {
            case "GET" -> Reply.json(message);
            case "PATCH" -> {
                Payloads.applyEdit(message, DataObject.fromJson(body), fake.ids, fake.restBaseUrl());
                remember(message, DataObject.fromJson(body));
                // An edited deferred reply is no longer "thinking".
                message.put("flags", message.getInt("flags", 0) & ~Payloads.MESSAGE_FLAG_LOADING);
                yield Reply.json(Payloads.markEdited(message));
            }
            case "DELETE" -> {
                fake.messages.remove(messageId);
                yield Reply.noContent();
            }
            default -> Reply.error(405, 0, "405: Method Not Allowed");
        };
    }

    private Reply createChannelMessage(String channelId, String body) {
        FakeUser dmRecipient = fake.dmRecipient(channelId);
        FakeGuild guild = fake.guildOfChannel(channelId);
        if (dmRecipient == null && guild == null) {
            return Reply.error(404, 10003, "Unknown Channel");
        }
        if (dmRecipient != null && fake.dmBlockedUsers.contains(dmRecipient.id())) {
            return Reply.error(403, 50007, "Cannot send messages to this user");
        }
        Reply overLimit = overLimit(() -> WireAssertions.assertMessageWithinLimits(DataObject.fromJson(body)));
        if (overLimit != null) {
            return overLimit;
        }
        FakeDiscord.FakeThread thread = fake.thread(channelId);
        if (thread != null && thread.archived) {
            // "Sending a message will automatically unarchive the thread, unless the thread has been locked by a
            // moderator" (discord-api-docs, Threads).
            if (thread.locked) {
                return Reply.error(403, 50083, "Operation is not allowed on an archived thread");
            }
            thread.archived = false;
            afterLock.add(() -> fake.threadUpdated(thread));
        }
        // Discord's enforced nonce: a message from the same author with the same nonce in the last few minutes is
        // returned again instead of posting a second one.
        DataObject request = DataObject.fromJson(body);
        String nonce = request.getBoolean("enforce_nonce", false) ? request.getString("nonce", null) : null;
        if (nonce != null && fake.messageByNonce.containsKey(nonce)) {
            return Reply.json(fake.messages.get(fake.messageByNonce.get(nonce)));
        }
        DataObject message = Payloads.message(fake.ids.next(), 0, channelId, guild == null ? null : guild.id(),
                Payloads.user(fake.bot(), true), null, request, fake.ids, fake.restBaseUrl());
        remember(message, DataObject.fromJson(body));
        fake.messages.put(message.getString("id"), message);
        if (nonce != null) {
            fake.messageByNonce.put(nonce, message.getString("id"));
        }
        return Reply.json(message);
    }

    /**
     * {@code GET channels/{channel}/threads/archived/public} (discord-api-docs, List Public Archived Threads): the
     * channel's archived public threads, the most recently archived first, with no thread members (the bot joined none)
     * and no more pages. Needs Read Message History, as Discord does.
     */
    private Reply archivedThreads(String channelId) {
        FakeGuild guild = fake.guildOfChannel(channelId);
        if (guild == null) {
            return Reply.error(404, 10003, "Unknown Channel");
        }
        if (!guild.allows(FakeGuild.VIEW_CHANNEL) || !guild.allows(FakeGuild.READ_MESSAGE_HISTORY)) {
            return Reply.error(403, 50001, "Missing Access");
        }
        DataArray threads = DataArray.empty();
        fake.archivedThreads(channelId).forEach(t -> threads.add(t.payload()));
        return Reply.json(DataObject.empty().put("threads", threads).put("members", DataArray.empty())
                .put("has_more", false));
    }

    /**
     * {@code GET channels/{channel}/messages} (discord-api-spec {@code list_messages}; discord-api-docs, Get Channel
     * Messages): the channel's messages, newest first, at most {@code limit} (1-100, default 50), before, after or
     * around one message id (at most one of the three; {@code after} gives the ones just after it, still newest first).
     * Only what the channel shows: no ephemeral replies. In a server channel the bot needs View Channel (403 / 50001
     * otherwise); without Read Message History Discord returns no messages at all. Without the Message Content intent
     * allowed in the portal, others' messages come without their content, embeds, attachments, components and poll, as
     * Discord sends them; the bot's own keep theirs.
     */
    private Reply listMessages(String channelId, Map<String, String> query) {
        FakeUser dmRecipient = fake.dmRecipient(channelId);
        FakeGuild guild = fake.guildOfChannel(channelId);
        if (dmRecipient == null && guild == null) {
            return Reply.error(404, 10003, "Unknown Channel");
        }
        Reply invalid = overLimit(() -> WireAssertions.assertListMessagesQuery(query));
        if (invalid != null) {
            return invalid;
        }
        if (guild != null && !guild.allows(FakeGuild.VIEW_CHANNEL)) {
            return Reply.error(403, 50001, "Missing Access");
        }
        if (guild != null && !guild.allows(FakeGuild.READ_MESSAGE_HISTORY)) {
            return Reply.json(DataArray.empty());
        }
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 50;
        List<DataObject> newestFirst = fake.messages.values().stream()
                .filter(message -> channelId.equals(message.getString("channel_id", null)))
                .filter(message -> (message.getInt("flags", 0) & Payloads.MESSAGE_FLAG_EPHEMERAL) == 0)
                .sorted(java.util.Comparator.comparingLong((DataObject message) -> message.getLong("id")).reversed())
                .toList();
        List<DataObject> page;
        if (query.containsKey("before")) {
            long before = Long.parseLong(query.get("before"));
            page = newestFirst.stream().filter(message -> message.getLong("id") < before).limit(limit).toList();
        } else if (query.containsKey("after")) {
            long after = Long.parseLong(query.get("after"));
            List<DataObject> later = newestFirst.stream().filter(message -> message.getLong("id") > after).toList();
            page = later.subList(Math.max(0, later.size() - limit), later.size());
        } else if (query.containsKey("around")) {
            long around = Long.parseLong(query.get("around"));
            List<DataObject> later = newestFirst.stream().filter(message -> message.getLong("id") >= around).toList();
            List<DataObject> earlier = newestFirst.stream().filter(message -> message.getLong("id") < around).toList();
            int fromLater = Math.min(later.size(), Math.max((limit + 1) / 2, limit - earlier.size()));
            page = new java.util.ArrayList<>(later.subList(later.size() - fromLater, later.size()));
            page.addAll(earlier.subList(0, Math.min(earlier.size(), limit - fromLater)));
        } else {
            page = newestFirst.stream().limit(limit).toList();
        }
        DataArray messages = DataArray.empty();
        for (DataObject message : page) {
            messages.add(asListed(message));
        }
        return Reply.json(messages);
    }

    /** A message as a list returns it: a copy, without what only Message Content shows when it is not the bot's. */
    private DataObject asListed(DataObject message) {
        DataObject copy = DataObject.fromJson(message.toString());
        boolean own = fake.bot().id().equals(copy.getObject("author").getString("id"));
        if (!own && !fake.privilegedIntents) {
            copy.put("content", "").put("embeds", DataArray.empty()).put("attachments", DataArray.empty())
                    .put("components", DataArray.empty()).remove("poll");
        }
        return copy;
    }

    /**
     * Discord refuses a body over its limits (2,000 characters of content, 4,096 of embed description, 80 of button
     * label, 45 of modal title, ...) with 400 / 50035 and stores nothing; so does the fake, and it notes the refusal so
     * the test that caused it fails by name. Null when the body is within limits.
     */
    private Reply overLimit(Runnable check) {
        try {
            check.run();
            return null;
        } catch (AssertionError e) {
            fake.note("Discord would refuse this body (400, 50035): " + e.getMessage());
            return Reply.error(400, 50035, "Invalid Form Body: " + e.getMessage());
        }
    }

    private DataObject newInteractionMessage(FakeDiscord.InteractionState state, DataObject body) {
        DataObject message = Payloads.message(fake.ids.next(), state.replyMessageType, state.channelId,
                state.guildId, Payloads.user(fake.bot(), true), fake.applicationId(), body, fake.ids,
                fake.restBaseUrl());
        remember(message, body);
        fake.messages.put(message.getString("id"), message);
        return message;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    /** Serves a file the bot uploaded or a test offered ({@link FakeDiscord#offerFile}), as Discord's CDN would. */
    private void serveFile(HttpExchange exchange, String idAndName) throws IOException {
        String id = idAndName.contains("/") ? idAndName.substring(0, idAndName.indexOf('/')) : idAndName;
        byte[] bytes = fake.file(id).orElse(null);
        if (bytes == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Called with the fake's lock held: routes a request whose multipart file parts {@link #remember} may keep. */
    private Reply routeWithUploads(Map<String, byte[]> files, String method, String path, Map<String, String> query,
            String body) {
        uploads = files;
        try {
            return route(method, path, query, body);
        } finally {
            uploads = Map.of();
        }
    }

    /**
     * Keeps the files of the upload that made or edited {@code message}: the request's {@code attachments[i].id} names
     * its {@code files[id]} part, and the message's attachments are in the same order, with the ids the fake gave them.
     */
    private DataObject remember(DataObject message, DataObject request) {
        if (uploads.isEmpty()) {
            return message;
        }
        DataArray requested = request.optArray("attachments").orElse(DataArray.empty());
        DataArray stored = message.optArray("attachments").orElse(DataArray.empty());
        for (int i = 0; i < Math.min(requested.length(), stored.length()); i++) {
            byte[] bytes = uploads.get(requested.getObject(i).getString("id", ""));
            if (bytes != null) {
                fake.keepFile(stored.getObject(i).getString("id"), bytes);
                stored.getObject(i).put("size", bytes.length);
            }
        }
        return message;
    }

    /** The {@code files[n]} parts of an upload, by n: what a request's {@code attachments[i].id} names. */
    private static Map<String, byte[]> filesByIndex(List<RecordedRequest.Upload> files) {
        Map<String, byte[]> byIndex = new LinkedHashMap<>();
        for (RecordedRequest.Upload file : files) {
            Matcher index = FILE_PART.matcher(file.name() == null ? "" : file.name());
            if (index.matches()) {
                byIndex.put(index.group(1), file.bytes());
            }
        }
        return byIndex;
    }

    /**
     * The JSON text of a request: the body itself, or the {@code payload_json} part of a multipart upload, whose other
     * parts (the files) are added to {@code files}.
     */
    private static String readBody(InputStream in, String contentType, List<RecordedRequest.Upload> files)
            throws IOException {
        byte[] bytes = in.readAllBytes();
        Matcher boundary = contentType == null ? null : MULTIPART_BOUNDARY.matcher(contentType);
        if (boundary == null || !contentType.startsWith("multipart/") || !boundary.find()) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so binary file parts cannot break the split.
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        String json = "";
        for (String part : raw.split("--" + Pattern.quote(boundary.group(1)))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            String content = part.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            if (headers.contains("name=\"payload_json\"")) {
                json = new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            } else {
                files.add(new RecordedRequest.Upload(headerValue(headers, "name"), headerValue(headers, "filename"),
                        contentTypeOf(headers), content.getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
        return json;
    }

    private static String headerValue(String headers, String key) {
        Matcher m = Pattern.compile("[; ]" + key + "=\"([^\"]*)\"").matcher(headers);
        return m.find() ? m.group(1) : null;
    }

    private static String contentTypeOf(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                return line.substring("content-type:".length()).strip();
            }
        }
        return null;
    }
}
