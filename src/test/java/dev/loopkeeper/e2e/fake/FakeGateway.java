package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The gateway side of {@link FakeDiscord}: one session per shard, as Discord holds them. HELLO; IDENTIFY (with
 * {@code shard: [id, total]}, or none for an unsharded bot, which is shard 0 of 1) to READY plus a GUILD_CREATE for
 * each server on that shard, {@code (guild id >> 22) % total == id}; heartbeat ACKs; RESUME with replay of every
 * dispatch the client has not seen. A server's events go to the session of its shard, direct-message events to shard 0.
 * A server in an outage is listed in READY and followed by GUILD_DELETE ({@code unavailable: true}) instead.
 */
final class FakeGateway extends WebSocketServer {

    /** Resumable per Discord ("unknown error, reconnect"); JDA answers it with RESUME. */
    static final int RESUMABLE_CLOSE_CODE = 4000;
    /** A privileged intent the application may not use; not resumable. */
    static final int DISALLOWED_INTENTS_CLOSE_CODE = 4014;

    private record Dispatch(int seq, String frame) {
    }

    /** One gateway session: its shard, socket, sequence numbers and dispatch history. Guarded by sessionLock. */
    private static final class Session {
        final int shard;
        final int total;
        final String id;
        WebSocket socket;
        int seq;
        final List<Dispatch> history = new ArrayList<>();

        Session(int shard, int total, String id, WebSocket socket) {
            this.shard = shard;
            this.total = total;
            this.id = id;
            this.socket = socket;
        }

        boolean holds(String guildId) {
            return guildId == null ? shard == 0 : shardOf(guildId, total) == shard;
        }
    }

    private final FakeDiscord fake;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    // Guarded by sessionLock: the sessions and their dispatch histories, so sequence numbers and replay stay consistent.
    private final Object sessionLock = new Object();
    /** By shard id; an identify for a shard replaces that shard's session, as Discord's does. */
    private final Map<Integer, Session> sessions = new TreeMap<>();
    private int sessionCount;
    /** Every IDENTIFY's shard, in order, as {@code [id, total]} ({@code null} entries for unsharded ones). */
    private final List<int[]> identified = new ArrayList<>();
    /** The intents of the last IDENTIFY: what the bot asked Discord for (privileged ones included). */
    private volatile long identifiedIntents = -1;

    FakeGateway(FakeDiscord fake) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.fake = fake;
        setDaemon(true);
        setReuseAddr(true);
        // JDA's own heartbeats keep the session alive; library pings would only add noise.
        setConnectionLostTimeout(0);
    }

    /** Discord's rule: a server's events arrive on shard {@code (id >> 22) % total}. */
    static int shardOf(String guildId, int total) {
        return (int) Long.remainderUnsigned(Long.parseUnsignedLong(guildId) >>> 22, total);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(5, TimeUnit.SECONDS) || startFailure != null) {
                throw new IllegalStateException("fake gateway did not start", startFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        // JDA sends IDENTIFY without waiting for HELLO, but needs HELLO to start heartbeating.
        conn.send(DataObject.empty().put("op", 10).putNull("s").putNull("t")
                .put("d", DataObject.empty().put("heartbeat_interval", 41250)).toString());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        DataObject payload = DataObject.fromJson(message);
        int op = payload.getInt("op", -1);
        switch (op) {
            case 1 -> conn.send("{\"op\":11,\"s\":null,\"t\":null,\"d\":null}");
            case 2 -> {
                identifiedIntents = payload.getObject("d").getLong("intents", 0);
                if (!fake.privilegedIntents && (identifiedIntents & FakeDiscord.PRIVILEGED_INTENTS) != 0) {
                    // Discord's answer to a privileged intent the Developer Portal does not allow.
                    fake.note("gateway: IDENTIFY with disallowed intents " + identifiedIntents);
                    conn.close(DISALLOWED_INTENTS_CLOSE_CODE, "Disallowed intent(s).");
                    return;
                }
                DataArray shard = payload.getObject("d").optArray("shard").orElse(null);
                int[] named = shard == null ? null : new int[] {shard.getInt(0), shard.getInt(1)};
                if (named != null && (named[1] < 1 || named[0] < 0 || named[0] >= named[1])) {
                    // Discord closes such a session with 4010 (invalid shard).
                    fake.note("gateway: IDENTIFY with invalid shard " + shard);
                    conn.close(4010, "Invalid shard");
                    return;
                }
                identify(conn, named);
            }
            case 6 -> resume(conn, payload.getObject("d"));
            case 3, 4, 8 -> { } // presence, voice state and member requests: the fake world is static
            default -> fake.note("gateway: unexpected op " + op + ": " + message);
        }
    }

    private void identify(WebSocket conn, int[] shard) {
        synchronized (sessionLock) {
            identified.add(shard);
            int id = shard == null ? 0 : shard[0];
            int total = shard == null ? 1 : shard[1];
            Session session = new Session(id, total, "fake-session-" + (++sessionCount), conn);
            // A new IDENTIFY for a shard replaces its session: the old socket, if still open, gets nothing more.
            sessions.put(id, session);
            DataArray unavailableGuilds = DataArray.empty();
            // Only the servers on this session's shard.
            List<FakeGuild> guilds = fake.guilds().stream().filter(g -> session.holds(g.id())).toList();
            guilds.forEach(g -> unavailableGuilds.add(DataObject.empty().put("id", g.id()).put("unavailable", true)));
            send(session, "READY", DataObject.empty()
                    .put("v", 10)
                    .put("session_id", session.id)
                    .put("resume_gateway_url", fake.gatewayUrl())
                    .put("user", Payloads.user(fake.bot(), true))
                    .put("application", DataObject.empty().put("id", fake.bot().id()).put("flags", 0))
                    .put("guilds", unavailableGuilds)
                    .put("private_channels", DataArray.empty())
                    .put("shard", shard == null ? DataArray.empty().add(0).add(1)
                            : DataArray.empty().add(shard[0]).add(shard[1])));
            for (FakeGuild guild : guilds) {
                if (fake.isGuildAvailable(guild.id())) {
                    send(session, "GUILD_CREATE",
                            Payloads.guildCreate(guild, fake.bot(), fake.activeThreads(guild.id())));
                } else {
                    // Discord's word for a server in an outage at connect: the client stops waiting for it.
                    send(session, "GUILD_DELETE", DataObject.empty().put("id", guild.id()).put("unavailable", true));
                }
            }
            fake.gatewayEvent(FakeDiscord.GatewayEvent.READY);
        }
    }

    private void resume(WebSocket conn, DataObject d) {
        synchronized (sessionLock) {
            String sessionId = d.getString("session_id", "");
            Session session = sessions.values().stream().filter(s -> s.id.equals(sessionId)).findFirst().orElse(null);
            if (session == null) {
                conn.send("{\"op\":9,\"s\":null,\"t\":null,\"d\":false}");
                fake.note("gateway: RESUME for unknown session " + d.getString("session_id", "?") + ", sent INVALID_SESSION");
                return;
            }
            session.socket = conn;
            int seen = d.getInt("seq", 0);
            session.history.stream().filter(x -> x.seq() > seen).forEach(x -> conn.send(x.frame()));
            send(session, "RESUMED", DataObject.empty());
            fake.gatewayEvent(FakeDiscord.GatewayEvent.RESUMED);
        }
    }

    /** The shard of the last IDENTIFY as {@code [id, total]}, or null when the bot did not shard. */
    int[] identifiedShard() {
        synchronized (sessionLock) {
            int[] last = identified.isEmpty() ? null : identified.get(identified.size() - 1);
            return last == null ? null : last.clone();
        }
    }

    /** The shards of the sessions open now, by id, as {@code [id, total]}. */
    List<int[]> sessionShards() {
        synchronized (sessionLock) {
            return sessions.values().stream().map(s -> new int[] {s.shard, s.total}).toList();
        }
    }

    /** How many sessions have a client connected now (a stopped bot's are closed). */
    int connectedSessions() {
        synchronized (sessionLock) {
            return (int) sessions.values().stream().filter(s -> s.socket != null).count();
        }
    }

    long identifiedIntents() {
        return identifiedIntents;
    }

    /**
     * Sends a dispatch (op 0) with the next sequence number to the session of the server's shard ({@code guildId} null:
     * a direct message, shard 0), or keeps it for replay while that session's client is away.
     */
    void dispatch(String guildId, String type, DataObject data) {
        synchronized (sessionLock) {
            if (sessions.isEmpty()) {
                throw new IllegalStateException("no gateway session yet: call FakeDiscord.awaitReady first");
            }
            Session session = sessions.values().stream().filter(s -> s.holds(guildId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no gateway session holds "
                            + (guildId == null ? "direct messages (shard 0)" : "server " + guildId)
                            + "; sessions: " + describe()));
            send(session, type, data);
        }
    }

    /**
     * The same for a change in the world that Discord tells only a session that holds the server: kept for replay when
     * that session's client is away, and dropped when no session holds the server (a bot that never connected, or
     * whose shards hold other servers, learns it from its next READY). Returns whether a session took it.
     */
    boolean dispatchIfHeld(String guildId, String type, DataObject data) {
        synchronized (sessionLock) {
            Session session = sessions.values().stream().filter(s -> s.holds(guildId)).findFirst().orElse(null);
            if (session == null) {
                return false;
            }
            send(session, type, data);
            return true;
        }
    }

    /** Called with sessionLock held. */
    private void send(Session session, String type, DataObject data) {
        int s = ++session.seq;
        String frame = escapeLoneSurrogates(
                DataObject.empty().put("op", 0).put("s", s).put("t", type).put("d", data).toString());
        session.history.add(new Dispatch(s, frame));
        if (session.socket != null && session.socket.isOpen()) {
            session.socket.send(frame);
        }
    }

    private String describe() {
        return sessions.values().stream().map(s -> "[" + s.shard + ", " + s.total + "]").toList().toString();
    }

    /**
     * Half a surrogate pair cannot travel as UTF-8 (the socket would send "?"), so Discord sends it as a JSON escape
     * ({@code "\ud83e"}), which JSON allows and JDA's parser turns back into that one char. Surrogates only occur
     * inside JSON strings, so escaping them in place keeps the frame valid.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            if (pairStart) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Closes every session's socket with a resumable close code; dispatches sent meanwhile are replayed on RESUME.
     * Returns how many sockets were dropped.
     */
    int drop() {
        synchronized (sessionLock) {
            List<WebSocket> open = new ArrayList<>();
            for (Session session : sessions.values()) {
                if (session.socket != null) {
                    open.add(session.socket);
                    session.socket = null;
                }
            }
            if (open.isEmpty()) {
                throw new IllegalStateException("no client connected");
            }
            open.forEach(conn -> conn.close(RESUMABLE_CLOSE_CODE, "fake: connection dropped by test"));
            return open.size();
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        synchronized (sessionLock) {
            sessions.values().stream().filter(session -> session.socket == conn)
                    .forEach(session -> session.socket = null);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        }
        fake.note("gateway error: " + ex);
    }
}
