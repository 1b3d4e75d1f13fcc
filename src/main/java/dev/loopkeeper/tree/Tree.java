package dev.loopkeeper.tree;

import dev.loopkeeper.loop.Triage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scope's loops grouped by meaning: each core loop is a part of the trunk, each adjacent loop a branch of the core
 * loop it is closest to, each peripheral loop a leaf of the closest core loop or branch. What is near no core loop is
 * "loose"; open untriaged loops are seeds, kept apart because their owner has not said where they belong yet. A loop
 * that grew (closed as learned or applied) before it was triaged needs no triage: it is no seed, and with no class it
 * has no place on the trunk, so it is kept apart too, with the other grown loops counted.
 */
public record Tree(List<Part> trunk, List<Branch> looseBranches, List<Near> looseLeaves, List<TreeLoop> seeds,
        List<TreeLoop> grownWithoutClass, int openBranches, int grownCores) {
    /**
     * The relevance score from which a loop counts as near a core loop (the better of both ways round, as triage
     * compares with core loops and {@code /related} compares two loops). Unrelated concepts score about 0.05-0.25;
     * related ones 0.35 and more ("dual numbers" to "reverse-mode autodiff" 0.50, "leader election" to "quorum
     * intersection" 0.59, "tensor cores" to "GPU memory hierarchy" 0.77).
     */
    public static final double NEAR = 0.30;
    /**
     * Concept-vector cosine from which a leaf sits on one of its core loop's branches rather than on the core loop
     * itself: the branches are few, so the plain cosine is enough to pick among them.
     */
    public static final double ON_BRANCH = 0.35;

    public Tree {
        trunk = List.copyOf(trunk);
        looseBranches = List.copyOf(looseBranches);
        looseLeaves = List.copyOf(looseLeaves);
        seeds = List.copyOf(seeds);
        grownWithoutClass = List.copyOf(grownWithoutClass);
    }

    /** A leaf or branch with how close it is to what it hangs on (for ordering: the closest are shown first). */
    public record Near(TreeLoop loop, double closeness) {
    }

    /** An adjacent loop and the peripheral loops closest to it. */
    public record Branch(Near branch, List<Near> leaves) {
        public Branch {
            leaves = List.copyOf(leaves);
        }

        /** How many loops this branch carries, itself included. */
        public int size() {
            return 1 + leaves.size();
        }
    }

    /** A core loop, the branches closest to it, and the leaves that hang on it directly. */
    public record Part(TreeLoop core, List<Branch> branches, List<Near> leaves) {
        public Part {
            branches = List.copyOf(branches);
            leaves = List.copyOf(leaves);
        }

        public int size() {
            return 1 + leaves.size() + branches.stream().mapToInt(Branch::size).sum();
        }
    }

    /** How many loops the tree holds. */
    public int size() {
        return trunk.stream().mapToInt(Part::size).sum() + looseBranches.stream().mapToInt(Branch::size).sum()
                + looseLeaves.size() + seeds.size() + grownWithoutClass.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** How many loops are of this class; {@code UNTRIAGED} counts the open ones, which triage can still sort. */
    public long count(Triage triage) {
        return switch (triage) {
            case CORE -> trunk.size();
            case ADJACENT -> trunk.stream().mapToLong(p -> p.branches().size()).sum() + looseBranches.size();
            case PERIPHERAL -> trunk.stream().mapToLong(p -> p.leaves().size()
                    + p.branches().stream().mapToLong(b -> b.leaves().size()).sum()).sum()
                    + looseBranches.stream().mapToLong(b -> b.leaves().size()).sum() + looseLeaves.size();
            case UNTRIAGED -> seeds.size();
        };
    }

    /** How many loops have grown (closed as learned or applied). */
    public long grown() {
        long count = 0;
        for (Part part : trunk) {
            count += part.core().grown() ? 1 : 0;
            count += grown(part.leaves());
            for (Branch branch : part.branches()) {
                count += (branch.branch().loop().grown() ? 1 : 0) + grown(branch.leaves());
            }
        }
        for (Branch branch : looseBranches) {
            count += (branch.branch().loop().grown() ? 1 : 0) + grown(branch.leaves());
        }
        return count + grown(looseLeaves) + grownWithoutClass.size();
    }

    private static long grown(List<Near> loops) {
        return loops.stream().filter(n -> n.loop().grown()).count();
    }

    /**
     * Groups loops by meaning, as {@code nearness} says. Parts are ordered largest first (ties: the older core loop
     * first), branches likewise, leaves closest first; so when a picture must leave some out, it keeps the biggest
     * groups and the closest leaves.
     */
    public static Tree grow(List<TreeLoop> loops, Nearness nearness) {
        List<TreeLoop> cores = new ArrayList<>();
        List<TreeLoop> adjacent = new ArrayList<>();
        List<TreeLoop> peripheral = new ArrayList<>();
        List<TreeLoop> seeds = new ArrayList<>();
        List<TreeLoop> grownWithoutClass = new ArrayList<>();
        for (TreeLoop loop : loops) {
            switch (loop.triage()) {
                case CORE -> cores.add(loop);
                case ADJACENT -> adjacent.add(loop);
                case PERIPHERAL -> peripheral.add(loop);
                case UNTRIAGED -> (loop.grown() ? grownWithoutClass : seeds).add(loop);
            }
        }
        // Adjacent loops hang on the core loop they are closest to, as the relevance scorer judges (the concept map
        // included); so do peripheral ones, which then sit on that core loop's branch nearest to them, if one is near.
        Map<Long, Nearness.Closest> branchHolders = nearness.closest(ids(adjacent), ids(cores));
        Map<Long, List<Near>> branchesOf = hang(adjacent, branchHolders);
        Map<Long, Nearness.Closest> leafCores = nearness.closest(ids(peripheral), ids(cores));
        List<Near> looseBranchLoops = new ArrayList<>();
        adjacent.stream().filter(l -> !branchHolders.containsKey(l.id()))
                .forEach(l -> looseBranchLoops.add(new Near(l, 0)));
        List<Near> allBranches = new ArrayList<>(looseBranchLoops);
        branchesOf.values().forEach(allBranches::addAll);
        Map<Long, List<Near>> leavesOf = new LinkedHashMap<>();
        List<Near> looseLeaves = new ArrayList<>();
        for (TreeLoop leaf : peripheral) {
            Nearness.Closest core = leafCores.get(leaf.id());
            // A leaf near no core loop may still be near some branch, wherever that grows.
            List<Near> branches = core == null ? allBranches : branchesOf.getOrDefault(core.holderId(), List.of());
            Near on = null;
            for (Near branch : branches) {
                double cosine = nearness.cosine(leaf.id(), branch.loop().id()).orElse(-1.0);
                if (cosine >= ON_BRANCH && (on == null || cosine > on.closeness())) {
                    on = new Near(branch.loop(), cosine);
                }
            }
            if (on != null) {
                leavesOf.computeIfAbsent(on.loop().id(), id -> new ArrayList<>()).add(new Near(leaf, on.closeness()));
            } else if (core != null) {
                leavesOf.computeIfAbsent(core.holderId(), id -> new ArrayList<>()).add(new Near(leaf, core.closeness()));
            } else {
                looseLeaves.add(new Near(leaf, 0));
            }
        }
        List<Part> trunk = new ArrayList<>();
        for (TreeLoop core : cores) {
            trunk.add(new Part(core, branches(branchesOf.getOrDefault(core.id(), List.of()), leavesOf),
                    closestFirst(leavesOf.getOrDefault(core.id(), List.of()))));
        }
        trunk.sort(Comparator.comparingInt(Part::size).reversed().thenComparingLong(p -> p.core().id()));
        int openBranches = (int) adjacent.stream().filter(l -> !l.grown()).count();
        int grownCores = (int) cores.stream().filter(TreeLoop::grown).count();
        return new Tree(trunk, branches(looseBranchLoops, leavesOf), looseLeaves, seeds, grownWithoutClass,
                openBranches, grownCores);
    }

    /** A small tree with a loop of each kind, for warming up the renderer. */
    public static Tree sample() {
        return grow(List.of(new TreeLoop(1, "reverse-mode autodiff", Triage.CORE, true),
                new TreeLoop(2, "jacobian-vector products", Triage.ADJACENT, false),
                new TreeLoop(3, "dual numbers", Triage.PERIPHERAL, false),
                new TreeLoop(4, "checkpointing", Triage.UNTRIAGED, false)), Nearness.NONE);
    }

    private static List<Long> ids(List<TreeLoop> loops) {
        List<Long> ids = new ArrayList<>(loops.size());
        loops.forEach(l -> ids.add(l.id()));
        return ids;
    }

    /** Each holder's loops, in the order given, with how close each is. */
    private static Map<Long, List<Near>> hang(List<TreeLoop> loops, Map<Long, Nearness.Closest> holders) {
        Map<Long, List<Near>> of = new LinkedHashMap<>();
        for (TreeLoop loop : loops) {
            Nearness.Closest closest = holders.get(loop.id());
            if (closest != null) {
                of.computeIfAbsent(closest.holderId(), id -> new ArrayList<>()).add(new Near(loop, closest.closeness()));
            }
        }
        return of;
    }

    /** Branches with their leaves, the biggest first, then the closest to what they hang on. */
    private static List<Branch> branches(List<Near> loops, Map<Long, List<Near>> leavesOf) {
        List<Branch> branches = new ArrayList<>();
        for (Near branch : loops) {
            branches.add(new Branch(branch, closestFirst(leavesOf.getOrDefault(branch.loop().id(), List.of()))));
        }
        branches.sort(Comparator.comparingInt(Branch::size).reversed()
                .thenComparing(Comparator.comparingDouble((Branch b) -> b.branch().closeness()).reversed())
                .thenComparingLong(b -> b.branch().loop().id()));
        return branches;
    }

    private static List<Near> closestFirst(List<Near> loops) {
        List<Near> sorted = new ArrayList<>(loops);
        sorted.sort(Comparator.comparingDouble(Near::closeness).reversed().thenComparingLong(n -> n.loop().id()));
        return sorted;
    }
}
