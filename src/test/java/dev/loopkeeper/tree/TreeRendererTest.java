package dev.loopkeeper.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.tree.TreeDrawing.Label;
import dev.loopkeeper.tree.TreeDrawing.Mark;
import dev.loopkeeper.tree.TreeDrawing.MarkKind;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG drawn from a known layout: its size, an opaque background, and ink where the layout put labels and marks. */
class TreeRendererTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private final TreeRenderer renderer = new TreeRenderer();

    private TreeDrawing knownDrawing() {
        Tree tree = Tree.grow(List.of(new TreeLoop(1, "reverse-mode autodiff", Triage.CORE, true),
                new TreeLoop(2, "attention", Triage.CORE, false),
                new TreeLoop(3, "Jacobian-vector products", Triage.ADJACENT, false),
                new TreeLoop(4, "dual numbers", Triage.PERIPHERAL, false),
                new TreeLoop(5, "bloom filters", Triage.UNTRIAGED, false)), new Nearness() {
                    @Override
                    public java.util.Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds) {
                        java.util.Map<Long, Closest> near = new java.util.HashMap<>();
                        loopIds.forEach(id -> near.put(id, new Closest(1, 0.5)));
                        return near;
                    }

                    @Override
                    public java.util.Optional<Double> cosine(long a, long b) {
                        return java.util.Optional.of(0.5);
                    }
                });
        return new TreeLayout(renderer).layout(tree, false);
    }

    @Test
    void thePngHasTheLayoutsSizeAnOpaquePaperBackgroundAndInkWhereTheLabelsAre() throws Exception {
        TreeDrawing drawing = knownDrawing();
        byte[] png = renderer.png(drawing);

        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(drawing.width(), image.getWidth());
        assertEquals(drawing.height(), image.getHeight());
        assertTrue(!image.getColorModel().hasAlpha(), "opaque: the same on Discord's dark and light themes");
        assertEquals(TreeRenderer.PAPER.getRGB(), image.getRGB(drawing.width() / 2, drawing.height() - 12));
        assertEquals(TreeRenderer.EDGE.getRGB(), image.getRGB(2, drawing.height() / 2), "a frame marks the edge");
        for (Label label : drawing.labels()) {
            assertTrue(darkPixels(image, label) > 0, "nothing drawn for " + label);
        }
        // Empty space between labels stays paper: the picture is not a smear.
        Label core = drawing.labels().stream().filter(l -> l.loopId() == 1).findFirst().orElseThrow();
        assertEquals(TreeRenderer.PAPER.getRGB(),
                image.getRGB((int) (core.x() + core.width() + 40), (int) core.baseline() - 10));
    }

    @Test
    void marksAreDrawnInTheirColoursAndAGrownLoopAsAFruitWithACheck() throws Exception {
        TreeDrawing drawing = knownDrawing();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(renderer.png(drawing)));

        Mark grownCore = drawing.marks().stream().filter(m -> m.kind() == MarkKind.CORE && m.grown() && m.r() > 12)
                .findFirst().orElseThrow();
        Mark openCore = drawing.marks().stream().filter(m -> m.kind() == MarkKind.CORE && !m.grown() && m.r() > 12)
                .findFirst().orElseThrow();
        Mark branch = drawing.marks().stream().filter(m -> m.kind() == MarkKind.BRANCH).reduce((a, b) -> b).orElseThrow();
        assertEquals(TreeRenderer.FRUIT.getRGB(), image.getRGB((int) (grownCore.x() - grownCore.r() * 0.7),
                (int) grownCore.y()), "a grown core loop is a fruit");
        assertTrue(hasColour(image, grownCore, Color.WHITE), "with a check");
        assertEquals(TreeRenderer.BARK.getRGB(), image.getRGB((int) (openCore.x() - openCore.r() * 0.75),
                (int) openCore.y()), "an open core loop is bark");
        assertEquals(TreeRenderer.GREEN.getRGB(), image.getRGB((int) branch.x(), (int) branch.y()));
    }

    private static int darkPixels(BufferedImage image, Label label) {
        int count = 0;
        for (int x = (int) label.x(); x < Math.min(image.getWidth(), label.x() + label.width()); x++) {
            for (int y = (int) label.top(); y < Math.min(image.getHeight(), label.baseline() + 4); y++) {
                Color c = new Color(image.getRGB(x, y));
                if (c.getRed() + c.getGreen() + c.getBlue() < 3 * 140) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean hasColour(BufferedImage image, Mark mark, Color colour) {
        for (int x = (int) (mark.x() - mark.r()); x <= mark.x() + mark.r(); x++) {
            for (int y = (int) (mark.y() - mark.r()); y <= mark.y() + mark.r(); y++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }
    @Test
    void charactersTheFontHasNoGlyphForAreLeftOutNotDrawnAsBoxes() {
        // Unassigned code points: no font draws them (as Java2D draws no colour emoji), so they stand in here.
        assertEquals("emoji test", renderer.shown("emoji \u0378\u0379 test", TreeDrawing.Style.LEAF));
        String one = renderer.shown("\u0378", TreeDrawing.Style.LEAF);
        assertTrue(one.equals("\u25A1") || one.equals("?"), "nothing else: a box, so it still shows: " + one);
        // Symbols joined into one (a family emoji: a joiner between, a selector after) are a box each, never nothing.
        assertEquals(one.repeat(3) + " " + one, renderer.shown("\u0378\u200D\u0379\u200D\u0378\uFE0F \u0379\uD83C\uDFFD",
                TreeDrawing.Style.LEAF));
        assertEquals("reverse-mode autodiff", renderer.shown("reverse-mode autodiff", TreeDrawing.Style.CORE));
        assertEquals(renderer.width("emoji test", TreeDrawing.Style.LEAF),
                renderer.width("emoji \u0378\u0379 test", TreeDrawing.Style.LEAF), "measured as drawn");
    }

    @Test
    void lettersOfAScriptTheFontLacksStayAsBoxesSoTheNameIsNotChanged() {
        // Gothic letters (U+10330, U+10331): letters, which a font without them draws as boxes; left out, the label
        // would read as another concept.
        String gothic = "\uD800\uDF30\uD800\uDF31 gothic";
        assertEquals(gothic, renderer.shown(gothic + " \uD83E\uDDE0", TreeDrawing.Style.LEAF).strip()
                .replace(" \uD83E\uDDE0", ""), "the letters stay; an emoji the font lacks goes");
    }
}
