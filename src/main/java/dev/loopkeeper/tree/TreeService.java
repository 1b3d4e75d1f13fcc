package dev.loopkeeper.tree;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.storage.Database;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a scope's knowledge tree: reads its loops, groups them by meaning from their stored vectors (nothing is
 * embedded; {@link Tree#grow}, {@link RelevanceIndex#closest}), lays them out ({@link TreeLayout}) and renders a PNG ({@link TreeRenderer}). A server's tree
 * only for a member acting in that server, as for its list.
 */
public final class TreeService {
    private static final Logger log = LoggerFactory.getLogger(TreeService.class);
    private final Database database;
    private final LoopStore store;
    private final RelevanceIndex relevance;
    private final TreeRenderer renderer;
    private final TreeLayout layout;

    public TreeService(Database database, LoopStore store, RelevanceIndex relevance, TreeRenderer renderer) {
        this.database = database;
        this.store = store;
        this.relevance = relevance;
        this.renderer = renderer;
        this.layout = new TreeLayout(renderer);
    }

    /** The scope's loops, grouped. */
    public Tree tree(LoopScope scope, Actor actor) {
        String owner = LoopService.visibleOwner(scope, actor);
        List<TreeLoop> found = database.read(sql -> store.treeLoops(sql, owner)).stream()
                .map(row -> new TreeLoop(row.id(), row.concept(), row.triage(), row.grown())).toList();
        RelevanceIndex.Neighbourhood near = relevance.neighbourhood(owner);
        return Tree.grow(found, new Nearness() {
            @Override
            public Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds) {
                Map<Long, Closest> closest = new HashMap<>();
                near.closest(loopIds, holderIds, Tree.NEAR).forEach((id, nearest) ->
                        closest.put(id, new Closest(nearest.loopId(), nearest.score())));
                return closest;
            }

            @Override
            public Optional<Double> cosine(long a, long b) {
                return near.cosine(a, b);
            }
        });
    }

    /** The scope's tree as a picture, or empty when it has no loops to draw. */
    public Optional<TreePicture> picture(LoopScope scope, Actor actor) {
        Tree tree = tree(scope, actor);
        return tree.isEmpty() ? Optional.empty() : Optional.of(draw(tree, scope.isServer()));
    }

    /** Lays out and renders a tree. */
    public TreePicture draw(Tree tree, boolean server) {
        try {
            TreeDrawing drawing = layout.layout(tree, server);
            return new TreePicture(tree, drawing, renderer.png(drawing));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // Java2D without any font (a stripped-down image) fails with an Error: say so rather than apologise.
            log.error("Drawing a tree failed", e);
            throw new InvalidInputException(TreeMessages.cannotDraw());
        }
    }
}
