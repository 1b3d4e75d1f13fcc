package dev.loopkeeper.tree;

import dev.loopkeeper.tree.TreeDrawing.Label;
import dev.loopkeeper.tree.TreeDrawing.Mark;
import dev.loopkeeper.tree.TreeDrawing.Stroke;
import dev.loopkeeper.tree.TreeDrawing.Style;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws a {@link TreeDrawing} with Java2D into an opaque PNG, headless. Text uses the logical font
 * {@link Font#SANS_SERIF}, which the JDK maps to the machine's sans-serif font (DejaVu Sans on Debian and Ubuntu,
 * Temurin's images included) and falls back through for scripts it lacks; every symbol (nodes, leaves, checks) is a
 * shape, never a glyph, so nothing depends on a font having it. The background is an opaque warm paper with dark text,
 * legible on Discord's dark and light themes alike.
 */
public final class TreeRenderer implements TextMeasure {
    static final Color PAPER = new Color(0xFBF7EE);
    static final Color EDGE = new Color(0xB8AC93);
    static final Color INK = new Color(0x231C14);
    static final Color MUTED = new Color(0x6A5F4E);
    static final Color BARK = new Color(0x7A5536);
    static final Color BRANCH = new Color(0x8B6A43);
    static final Color GREEN = new Color(0x3F8A3A);
    static final Color LEAF = new Color(0x5DA84E);
    static final Color FRUIT = new Color(0xD98A1C);
    static final Color SEED = new Color(0x9A8F7C);
    static final Color RULE = new Color(0xE2D9C6);
    /** The JDK's PNG writer maps quality 0.9 to its fastest deflate level. */
    private static final float FAST_PNG = 0.9f;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final Map<Style, Font> fonts = new EnumMap<>(Style.class);
    /** Antialiased with fractional metrics: what the drawing uses, so measured widths are drawn widths. */
    private final FontRenderContext context = new FontRenderContext(new AffineTransform(), true, true);

    public TreeRenderer() {
        for (Style style : Style.values()) {
            fonts.put(style, new Font(Font.SANS_SERIF, style.bold() ? Font.BOLD : Font.PLAIN, style.size()));
        }
    }

    @Override
    public double width(String text, Style style) {
        return fonts.get(style).getStringBounds(shown(text, style), context).getWidth();
    }

    /**
     * The text as the font can draw it: symbols it has no glyph for (emoji, most often, which Java2D cannot draw in
     * colour, and their joiners and variation selectors) are left out rather than drawn as empty boxes. Letters and
     * digits of a script the machine has no font for stay, as boxes: leaving them out would draw another name ("日本語の
     * 概念 Japanese" as "Japanese"). A text of nothing else is drawn as one box per symbol (joiners, variation
     * selectors and skin tones are parts of the symbol before them), so it still shows: drawn as it was, a family
     * emoji, which text layout joins into one glyph the font lacks, came out as nothing.
     */
    String shown(String text, Style style) {
        Font font = fonts.get(style);
        if (font.canDisplayUpTo(text) < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> font.canDisplay(c) || Character.isLetterOrDigit(c)).forEach(kept::appendCodePoint);
        String cleaned = kept.toString().replaceAll(" {2,}", " ").strip();
        // Joiners and selectors the font "draws" are zero-width: with nothing else kept, nothing would show.
        boolean visible = cleaned.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !partOfTheSymbolBefore(c));
        return visible ? cleaned : boxes(text, font);
    }

    /** One box for each symbol of the text and a space for each space: what shows of a name of symbols alone. */
    private static String boxes(String text, Font font) {
        String box = font.canDisplay('\u25A1') ? "\u25A1" : "?";
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isWhitespace(c)) {
                shown.append(' ');
            } else if (!partOfTheSymbolBefore(c)) {
                shown.append(box);
            }
        });
        String drawn = shown.toString().replaceAll(" {2,}", " ").strip();
        return drawn.isEmpty() ? box : drawn;
    }

    /** A joiner, a variation selector, a skin tone or a tag: drawn as part of the symbol before it, never alone. */
    private static boolean partOfTheSymbolBefore(int c) {
        return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF)
                || (c >= 0xE0020 && c <= 0xE007F) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.ENCLOSING_MARK;
    }

    /** The drawing as an image. */
    public BufferedImage draw(TreeDrawing drawing) {
        BufferedImage image = new BufferedImage(drawing.width(), drawing.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(PAPER);
            g.fillRect(0, 0, drawing.width(), drawing.height());
            g.setColor(EDGE);
            g.setStroke(new BasicStroke(4));
            g.drawRect(2, 2, drawing.width() - 4, drawing.height() - 4);
            for (Stroke stroke : drawing.strokes()) {
                stroke(g, stroke);
            }
            for (Mark mark : drawing.marks()) {
                mark(g, mark);
            }
            for (Label label : drawing.labels()) {
                g.setFont(fonts.get(label.style()));
                g.setColor(switch (label.role()) {
                    case MORE, LEGEND, HEADING -> MUTED;
                    default -> INK;
                });
                g.drawString(shown(label.text(), label.style()), (float) label.x(), (float) label.baseline());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The drawing as PNG bytes. */
    public byte[] png(TreeDrawing drawing) {
        BufferedImage image = draw(drawing);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            // The fastest deflate level: a third of the default's time for files about 12% larger (150-200 KB).
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(FAST_PNG);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static void stroke(Graphics2D g, Stroke stroke) {
        Line2D line = new Line2D.Double(stroke.x1(), stroke.y1(), stroke.x2(), stroke.y2());
        switch (stroke.kind()) {
            case TRUNK -> {
                g.setColor(BARK);
                g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            case BRANCH -> {
                g.setColor(BRANCH);
                g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            case STEM -> {
                g.setColor(GREEN);
                g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            case RULE -> {
                g.setColor(RULE);
                g.setStroke(new BasicStroke(2));
            }
        }
        g.draw(line);
    }

    private static void mark(Graphics2D g, Mark mark) {
        double x = mark.x();
        double y = mark.y();
        double r = mark.r();
        Ellipse2D circle = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        if (mark.grown()) {
            g.setColor(FRUIT);
            g.fill(circle);
            check(g, x, y, r);
            return;
        }
        switch (mark.kind()) {
            case CORE -> {
                g.setColor(BARK);
                g.fill(circle);
                g.setColor(PAPER);
                double inner = r * 0.42;
                g.fill(new Ellipse2D.Double(x - inner, y - inner, 2 * inner, 2 * inner));
            }
            case BRANCH -> {
                g.setColor(GREEN);
                g.fill(circle);
            }
            case LEAF -> {
                g.setColor(LEAF);
                g.fill(leaf(x, y, r));
                g.setColor(GREEN);
                g.setStroke(new BasicStroke((float) Math.max(1.2, r / 6)));
                g.draw(new Line2D.Double(x - r * 0.7, y + r * 0.7, x + r * 0.45, y - r * 0.45));
            }
            case SEED -> {
                g.setColor(SEED);
                g.setStroke(new BasicStroke((float) Math.max(2, r / 4)));
                double s = r * 0.8;
                g.draw(new Ellipse2D.Double(x - s, y - s, 2 * s, 2 * s));
            }
        }
    }

    /** A leaf: two arcs meeting in points at its lower left and upper right. */
    private static Path2D leaf(double x, double y, double r) {
        Path2D path = new Path2D.Double();
        path.moveTo(x - r, y + r);
        path.curveTo(x - r, y - r * 0.4, x - r * 0.4, y - r, x + r, y - r);
        path.curveTo(x + r, y + r * 0.4, x + r * 0.4, y + r, x - r, y + r);
        path.closePath();
        return path;
    }

    /** A white check mark inside a circle of radius {@code r}. */
    private static void check(Graphics2D g, double x, double y, double r) {
        Path2D path = new Path2D.Double();
        path.moveTo(x - r * 0.5, y + r * 0.02);
        path.lineTo(x - r * 0.12, y + r * 0.42);
        path.lineTo(x + r * 0.52, y - r * 0.38);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) Math.max(2, r * 0.28), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
    }
}
