package dev.loopkeeper.support;

import java.util.List;

/** Distinct concepts for tests that park many loops: numbered ones ("concept 1", "concept 2") are near-duplicates. */
public final class Concepts {
    public static final List<String> DISTINCT = List.of(
            "reverse-mode autodiff", "Kalman filter", "B-tree indexes", "Raft leader election", "sourdough starter",
            "CUDA warp scheduling", "Bloom filters", "Fourier transform", "TCP congestion control", "garbage collection",
            "LLVM IR", "eigenvalues", "Monte Carlo tree search", "copy-on-write", "vector clocks",
            "softmax temperature", "Bayesian priors", "rope embeddings", "merkle trees", "quaternions",
            "SIMD intrinsics", "consistent hashing", "sparse matrices", "regular expressions", "Dijkstra's algorithm",
            "Voronoi diagrams", "photosynthesis", "tail call optimisation", "epoll", "Byzantine faults");

    private Concepts() {
    }

    public static String get(int i) {
        return DISTINCT.get(i);
    }
}
