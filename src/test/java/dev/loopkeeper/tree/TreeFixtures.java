package dev.loopkeeper.tree;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known sets of loops for tree tests, the benchmark and the pictures in docs/: each line is
 * {@code class|outcome|concept}, class one of core, adjacent, peripheral or untriaged (left as parked), outcome empty
 * (open) or how it was closed.
 */
public final class TreeFixtures {
    /** Someone learning how deep-learning frameworks work. */
    public static final List<String> PERSONAL = List.of(
            "core|learned|reverse-mode autodiff",
            "core||attention mechanism in transformers",
            "core||GPU memory hierarchy",
            "adjacent|learned|computational graph",
            "adjacent||Jacobian-vector products",
            "adjacent||softmax numerical stability",
            "adjacent||multi-head attention",
            "adjacent||positional encoding",
            "adjacent||shared memory bank conflicts",
            "adjacent||warp divergence",
            "peripheral||dual numbers",
            "peripheral|applied|gradient checkpointing",
            "peripheral||forward-mode automatic differentiation",
            "peripheral||rotary position embeddings",
            "peripheral||FlashAttention tiling",
            "peripheral||KV cache",
            "peripheral||tensor cores",
            "peripheral||occupancy calculator",
            "peripheral||coalesced global memory access",
            "peripheral||log-sum-exp trick",
            "peripheral||sparse attention patterns and why the quadratic cost of full attention over very long "
                    + "sequences pushed people towards them",
            "peripheral||medieval castle architecture",
            "untriaged||Raft consensus",
            "untriaged||bloom filters",
            "untriaged||sourdough starter hydration");

    /** A study group reading about distributed systems together. */
    public static final List<String> SERVER = List.of(
            "core|learned|consensus protocols",
            "core||consistent hashing",
            "core||replication and consistency models",
            "adjacent|learned|Raft leader election",
            "adjacent||Multi-Paxos",
            "adjacent||virtual nodes",
            "adjacent||linearizability",
            "adjacent||vector clocks",
            "adjacent||quorum reads and writes",
            "peripheral||quorum intersection",
            "peripheral||log compaction in Raft",
            "peripheral||jump consistent hash",
            "peripheral||rendezvous hashing",
            "peripheral||CRDTs",
            "peripheral||hinted handoff",
            "peripheral||Lamport timestamps",
            "peripheral||read repair",
            "peripheral||sloppy quorums",
            "peripheral|learned|Byzantine fault tolerance",
            "untriaged||gossip protocols",
            "untriaged||bloom filters in LSM trees");

    private TreeFixtures() {
    }

    /** Parks, triages and closes the lines as {@code person}'s own loops; returns each concept's loop. */
    public static Map<String, OpenLoop> plantPersonal(Loopkeeper app, String person, List<String> lines) {
        return plant(app, LoopScope.personal(person), Actor.person(person), lines);
    }

    /** The same in a server's shared lot, parked by a member who manages it. */
    public static Map<String, OpenLoop> plantServer(Loopkeeper app, String guild, String member, List<String> lines) {
        return plant(app, LoopScope.server(guild), Actor.member(member, guild, true), lines);
    }

    private static Map<String, OpenLoop> plant(Loopkeeper app, LoopScope scope, Actor actor, List<String> lines) {
        Map<String, OpenLoop> planted = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\\|", 3);
            Origin origin = scope.isServer() ? Origin.channel(scope.id(), "1") : Origin.none();
            ParkResult result = app.loops().park(new ParkRequest(actor.userId(), parts[2], null, origin, scope));
            OpenLoop loop = ((ParkResult.Parked) result).loop();
            if (!parts[0].equals("untriaged")) {
                app.triage().classify(scope.ownerKey(), loop.id(), Triage.parse(parts[0]).orElseThrow());
            }
            if (!parts[1].isEmpty()) {
                app.loops().close(scope, actor, loop.id(), Outcome.require(parts[1]), null);
            }
            planted.put(parts[2], loop);
        }
        return planted;
    }
}
