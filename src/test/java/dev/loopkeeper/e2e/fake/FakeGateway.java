package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The gateway side of {@link FakeDiscord}: one session at a time, HELLO, IDENTIFY to READY plus GUILD_CREATE,
 * heartbeat ACKs, and RESUME with replay of every dispatch the client has not seen.
 */
final class FakeGateway extends WebSocketServer {

    /** Resumable per Discord ("unknown error, reconnect"); JDA answers it with RESUME. */
    static final int RESUMABLE_CLOSE_CODE = 4000;

    private record Dispatch(int seq, String frame) {
    }

    private final FakeDiscord fake;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    // Guarded by sessionLock: one session and its dispatch history, so sequence numbers and replay stay consistent.
    private final Object sessionLock = new Object();
    private WebSocket current;
    private String sessionId;
    private int seq;
    private int sessionCount;
    private final List<Dispatch> history = new ArrayList<>();
    /** The intents of the last IDENTIFY: what the bot asked Discord for (privileged ones included). */
    private volatile long identifiedIntents = -1;
    /** The shard of the last IDENTIFY as {@code [id, total]}, or null when the bot did not shard. */
    private volatile int[] identifiedShard;

    FakeGateway(FakeDiscord fake) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.fake = fake;
        setDaemon(true);
        setReuseAddr(true);
        // JDA's own heartbeats keep the session alive; library pings would only add noise.
        setConnectionLostTimeout(0);
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
                DataArray shard = payload.getObject("d").optArray("shard").orElse(null);
                identifiedShard = shard == null ? null : new int[] {shard.getInt(0), shard.getInt(1)};
                identify(conn);
            }
            case 6 -> resume(conn, payload.getObject("d"));
            case 3, 4, 8 -> { } // presence, voice state and member requests: the fake world is static
            default -> fake.note("gateway: unexpected op " + op + ": " + message);
        }
    }

    private void identify(WebSocket conn) {
        synchronized (sessionLock) {
            current = conn;
            sessionId = "fake-session-" + (++sessionCount);
            seq = 0;
            history.clear();
            DataArray unavailableGuilds = DataArray.empty();
            // Discord's rule for a sharded session: only the servers on its shard, (id >> 22) % total.
            List<FakeGuild> guilds = fake.guilds().stream().filter(this::onIdentifiedShard).toList();
            guilds.forEach(g -> unavailableGuilds.add(DataObject.empty().put("id", g.id()).put("unavailable", true)));
            dispatch("READY", DataObject.empty()
                    .put("v", 10)
                    .put("session_id", sessionId)
                    .put("resume_gateway_url", fake.gatewayUrl())
                    .put("user", Payloads.user(fake.bot(), true))
                    .put("application", DataObject.empty().put("id", fake.bot().id()).put("flags", 0))
                    .put("guilds", unavailableGuilds)
                    .put("private_channels", DataArray.empty()));
            guilds.forEach(g -> dispatch("GUILD_CREATE", Payloads.guildCreate(g, fake.bot())));
            fake.gatewayEvent(FakeDiscord.GatewayEvent.READY);
        }
    }

    private void resume(WebSocket conn, DataObject d) {
        synchronized (sessionLock) {
            if (sessionId == null || !sessionId.equals(d.getString("session_id", ""))) {
                conn.send("{\"op\":9,\"s\":null,\"t\":null,\"d\":false}");
                fake.note("gateway: RESUME for unknown session " + d.getString("session_id", "?") + ", sent INVALID_SESSION");
                return;
            }
            current = conn;
            int seen = d.getInt("seq", 0);
            history.stream().filter(x -> x.seq() > seen).forEach(x -> conn.send(x.frame()));
            dispatch("RESUMED", DataObject.empty());
            fake.gatewayEvent(FakeDiscord.GatewayEvent.RESUMED);
        }
    }

    /** Sends a dispatch (op 0) with the next sequence number, or keeps it for replay while no client is attached. */
    private boolean onIdentifiedShard(FakeGuild guild) {
        int[] shard = identifiedShard;
        return shard == null || Long.remainderUnsigned(Long.parseUnsignedLong(guild.id()) >>> 22, shard[1]) == shard[0];
    }

    int[] identifiedShard() {
        int[] shard = identifiedShard;
        return shard == null ? null : shard.clone();
    }

    long identifiedIntents() {
        return identifiedIntents;
    }

    void dispatch(String type, DataObject data) {
        synchronized (sessionLock) {
            if (sessionId == null) {
                throw new IllegalStateException("no gateway session yet: call FakeDiscord.awaitReady first");
            }
            int s = ++seq;
            String frame = escapeLoneSurrogates(
                    DataObject.empty().put("op", 0).put("s", s).put("t", type).put("d", data).toString());
            history.add(new Dispatch(s, frame));
            if (current != null && current.isOpen()) {
                current.send(frame);
            }
        }
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

    /** Closes the current socket with a resumable close code; dispatches sent meanwhile are replayed on RESUME. */
    void drop() {
        synchronized (sessionLock) {
            if (current == null) {
                throw new IllegalStateException("no client connected");
            }
            WebSocket conn = current;
            current = null;
            conn.close(RESUMABLE_CLOSE_CODE, "fake: connection dropped by test");
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        synchronized (sessionLock) {
            if (conn == current) {
                current = null;
            }
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
