package dev.loopkeeper.tree;

import dev.loopkeeper.loop.Triage;
import java.util.Locale;

/** What the tree says, in the picture and around it, on Discord and in the console alike. */
public final class TreeMessages {
    static final String LEGEND_CORE = "core (trunk)";
    static final String LEGEND_BRANCH = "adjacent (branch)";
    static final String LEGEND_LEAF = "peripheral (leaf)";
    static final String LEGEND_SEED = "not triaged (seed)";
    static final String LEGEND_GROWN = "grown (closed)";

    private TreeMessages() {
    }

    static String title(boolean server) {
        return server ? "The server's knowledge tree" : "Your knowledge tree";
    }

    /**
     * "42 loops: 5 core, 12 adjacent, 20 peripheral, 4 not triaged · 6 grown (1 without a class)": only open loops are
     * not triaged (a closed one needs no triage); one that grew before it had a class is counted among the grown.
     */
    static String counts(Tree tree) {
        StringBuilder text = new StringBuilder(loops(tree.size())).append(": ").append(tree.trunk().size())
                .append(" core, ").append(tree.count(Triage.ADJACENT)).append(" adjacent, ")
                .append(tree.count(Triage.PERIPHERAL)).append(" peripheral");
        if (!tree.seeds().isEmpty()) {
            text.append(", ").append(tree.seeds().size()).append(" not triaged");
        }
        long grown = tree.grown();
        if (grown > 0) {
            text.append(" \u00b7 ").append(grown).append(" grown");
        }
        if (!tree.grownWithoutClass().isEmpty()) {
            text.append(" (").append(tree.grownWithoutClass().size()).append(" without a class)");
        }
        return text.toString();
    }

    /**
     * The depth-before-breadth line: open branches per closed core loop. Few open branches per core loop closed is
     * depth; many is breadth. With no core loop closed yet there is no ratio, and it says so plainly.
     */
    public static String depth(int openBranches, int grownCores) {
        String branches = openBranches + (openBranches == 1 ? " open branch" : " open branches");
        if (grownCores == 0) {
            return "Depth before breadth: " + branches + ", no core loop closed yet";
        }
        double ratio = (double) openBranches / grownCores;
        String shown = ratio == Math.rint(ratio) ? String.valueOf((long) ratio)
                : String.format(Locale.ROOT, "%.1f", ratio);
        return "Depth before breadth: " + shown + (ratio == 1 ? " open branch" : " open branches")
                + " per closed core loop";
    }

    static String moreCores(int cores, int loops) {
        return "+" + cores + (cores == 1 ? " more core loop" : " more core loops") + ", " + loops(loops)
                + " in all:";
    }

    static String moreBranches(int branches, int leaves) {
        return "+" + branches + (branches == 1 ? " more branch" : " more branches")
                + (leaves == 0 ? "" : ", " + leaves + (leaves == 1 ? " leaf" : " leaves"));
    }

    static String more(int count) {
        return "+" + count + " more";
    }

    static String looseHeading(boolean noCore, boolean server) {
        if (!noCore) {
            return "Not near any core loop";
        }
        return server ? "No core loop yet: nothing to grow around" : "No core loop yet: mark one core with /triage";
    }

    /** The heading over open untriaged loops (grown ones are apart: they need no triage). */
    static String seedsHeading(int count, boolean server) {
        return "Not triaged yet (" + count + ")" + (server ? "" : ": /triage sorts them");
    }

    /** The heading over loops that grew (closed as learned or applied) before they were given a class. */
    static String grownWithoutClassHeading(int count) {
        return "Grown without a class (" + count + ")";
    }

    private static String loops(long count) {
        return count + (count == 1 ? " loop" : " loops");
    }

    /** The text sent with the picture. */
    public static String caption(boolean server, Tree tree) {
        return (server ? "The server's knowledge tree: " : "Your knowledge tree: ") + counts(tree) + ".\n"
                + depth(tree.openBranches(), tree.grownCores()) + ".";
    }

    /** The picture's description (alt text) for screen readers: what it shows, in one sentence. */
    public static String altText(boolean server, Tree tree) {
        return (server ? "The server's knowledge tree, " : "A knowledge tree, ") + counts(tree)
                + ". Core loops form the trunk, adjacent loops branch off the core loop closest in meaning, "
                + "peripheral loops are leaves.";
    }

    /** With no loops to draw, a few words instead of an empty picture. */
    public static String empty(boolean server) {
        return server
                ? "This server's tree has not sprouted yet: no shared loops. /park concept:<text> scope:server plants "
                        + "the first, and /tree scope:server draws them."
                : "Your tree has not sprouted yet: no loops. Park a concept with /park, sort it with /triage, "
                        + "and /tree draws what grows.";
    }

    /** {@code /tree scope:server} where there is no server: a DM, or the console. */
    public static String serverTreeNeedsServer() {
        return "The server's tree needs a server: /tree scope:server in one of its channels draws the group's shared "
                + "loops. Here, /tree draws yours.";
    }

    /** The picture could not be drawn (such as a machine with no fonts at all). */
    public static String cannotDraw() {
        return "The tree could not be drawn on this machine (its fonts are missing, see the logs). Your loops are "
                + "unchanged; /loops lists them.";
    }

    /** The console could not write the picture. */
    public static String cannotSave(String path, String reason) {
        return "Could not write the picture to " + path + " (" + reason + "). Your loops are unchanged; check that "
                + "the folder beside the database is writable.";
    }

    /** The console's answer: where the picture was written, its path alone on the last line. */
    public static String saved(Tree tree, String absolutePath) {
        return "Your knowledge tree: " + counts(tree) + ".\n" + depth(tree.openBranches(), tree.grownCores())
                + ".\nSaved the picture to:\n" + absolutePath;
    }
}
