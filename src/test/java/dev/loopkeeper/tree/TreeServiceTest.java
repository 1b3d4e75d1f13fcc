package dev.loopkeeper.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.support.AppTestBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tree from real loops: real SQLite, the real model's stored vectors and the shipped concept map. */
class TreeServiceTest extends AppTestBase {
    private static final String ADA = "1001";
    private static final String GUILD = "2002";

    TreeServiceTest() {
        super("2026-11-30T08:00:00Z");
    }

    private static String coreOf(Tree tree, String concept) {
        for (Tree.Part part : tree.trunk()) {
            boolean onBranch = part.branches().stream().anyMatch(b -> b.branch().loop().concept().equals(concept)
                    || b.leaves().stream().anyMatch(n -> n.loop().concept().equals(concept)));
            boolean onCore = part.leaves().stream().anyMatch(n -> n.loop().concept().equals(concept));
            if (onBranch || onCore) {
                return part.core().concept();
            }
        }
        return null;
    }

    @Test
    void loopsGatherRoundTheCoreLoopTheyMeanAndTheUnrelatedStayLoose() {
        TreeFixtures.plantPersonal(app, ADA, TreeFixtures.PERSONAL);

        Tree tree = app.trees().tree(LoopScope.personal(ADA), Actor.person(ADA));

        assertEquals(TreeFixtures.PERSONAL.size(), tree.size());
        assertEquals("reverse-mode autodiff", coreOf(tree, "Jacobian-vector products"));
        assertEquals("reverse-mode autodiff", coreOf(tree, "dual numbers"));
        assertEquals("attention mechanism in transformers", coreOf(tree, "multi-head attention"));
        assertEquals("attention mechanism in transformers", coreOf(tree, "softmax numerical stability"));
        assertEquals("GPU memory hierarchy", coreOf(tree, "warp divergence"));
        assertEquals("GPU memory hierarchy", coreOf(tree, "tensor cores"));
        List<String> loose = tree.looseLeaves().stream().map(n -> n.loop().concept()).collect(Collectors.toList());
        assertTrue(loose.contains("medieval castle architecture"), loose.toString());
        // "log-sum-exp trick" scores 0.25 against its best core loop: the scorer sees no more than that.
        assertTrue(loose.size() <= 2, loose.toString());
        assertTrue(tree.looseBranches().isEmpty());
        assertEquals(Set.of("Raft consensus", "bloom filters", "sourdough starter hydration"),
                tree.seeds().stream().map(TreeLoop::concept).collect(Collectors.toSet()));
        assertEquals(6, tree.openBranches());
        assertEquals(1, tree.grownCores());
        assertEquals(3, tree.grown());
    }

    @Test
    void aCloseSiblingHangsOnItsCoreLoopWhicheverWayRoundTheyAreClose() {
        // "leader election" is far from "quorum intersection" taken as the work (0.30) but close the other way round:
        // the tree judges nearness both ways, as /related does, so it is a branch of that core loop, not loose.
        TreeFixtures.plantPersonal(app, ADA, List.of("core||quorum intersection", "core||sourdough starter hydration",
                "adjacent||leader election", "peripheral||medieval castle architecture"));

        Tree tree = tree();

        assertEquals("quorum intersection", coreOf(tree, "leader election"));
        assertTrue(tree.looseBranches().isEmpty(), tree.looseBranches().toString());
        assertEquals(List.of("medieval castle architecture"),
                tree.looseLeaves().stream().map(n -> n.loop().concept()).collect(Collectors.toList()));
    }

    @Test
    void loopsLetGoOrMergedAreNotPartOfTheTreeAndAnEmptyScopeHasNoPicture() {
        Map<String, OpenLoop> planted = TreeFixtures.plantPersonal(app, ADA, List.of("core||Kalman filter",
                "adjacent||state estimation", "peripheral|let go|particle filters"));
        OpenLoop twin = TreeFixtures.plantPersonal(app, ADA, List.of("adjacent||Kalman filters explained"))
                .get("Kalman filters explained");
        app.loops().merge(ADA, twin.id(), planted.get("state estimation").id());

        Tree tree = app.trees().tree(LoopScope.personal(ADA), Actor.person(ADA));

        assertEquals(2, tree.size(), "let go and merged loops are left out");
        assertEquals(0, tree.grown());
        assertTrue(app.trees().picture(LoopScope.personal("someone-else"), Actor.person("someone-else")).isEmpty());
        assertTrue(app.trees().picture(LoopScope.server(GUILD), Actor.member(ADA, GUILD, false)).isEmpty());
    }

    @Test
    void aServersTreeIsDrawnForItsMembersOnlyAndNeverHoldsPersonalLoops() {
        TreeFixtures.plantServer(app, GUILD, ADA, TreeFixtures.SERVER);
        TreeFixtures.plantPersonal(app, ADA, List.of("core||my private worry"));

        TreePicture picture = app.trees().picture(LoopScope.server(GUILD), Actor.member("3003", GUILD, false))
                .orElseThrow();

        assertEquals(TreeFixtures.SERVER.size(), picture.tree().size());
        assertTrue(picture.drawing().labels().stream().noneMatch(l -> l.text().contains("private worry")));
        assertEquals("The server's knowledge tree", picture.drawing().labels().get(0).text());
        assertEquals(LoopErrors.otherServer(), assertThrows(InvalidInputException.class, () -> app.trees()
                .picture(LoopScope.server(GUILD), Actor.member(ADA, "9999", true))).getMessage());
        assertEquals(LoopErrors.serverScopeNeedsServer(), assertThrows(InvalidInputException.class, () -> app.trees()
                .picture(LoopScope.server(GUILD), Actor.person(ADA))).getMessage());
    }

    @Test
    void closingACoreLoopMovesTheDepthLine() {
        Map<String, OpenLoop> planted = TreeFixtures.plantPersonal(app, ADA, List.of("core||Kalman filter",
                "adjacent||state estimation", "adjacent||covariance matrices"));
        assertEquals("Depth before breadth: 2 open branches, no core loop closed yet",
                TreeMessages.depth(tree().openBranches(), tree().grownCores()));

        app.loops().close(ADA, planted.get("Kalman filter").id(), Outcome.LEARNED, "predict, then correct");

        assertEquals("Depth before breadth: 2 open branches per closed core loop",
                TreeMessages.depth(tree().openBranches(), tree().grownCores()));
        assertTrue(tree().trunk().get(0).core().grown());
    }

    private Tree tree() {
        return app.trees().tree(LoopScope.personal(ADA), Actor.person(ADA));
    }
}
