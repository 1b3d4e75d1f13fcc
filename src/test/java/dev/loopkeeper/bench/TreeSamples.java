package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import dev.loopkeeper.tree.TreeFixtures;
import dev.loopkeeper.tree.TreePicture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the example pictures in docs/ from {@link TreeFixtures}, with the real model and a real database:
 * {@code java -cp $CP dev.loopkeeper.bench.TreeSamples docs}.
 */
public final class TreeSamples {
    private TreeSamples() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Path folder = Files.createTempDirectory("tree-samples");
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            TreeFixtures.plantPersonal(app, "1001", TreeFixtures.PERSONAL);
            TreeFixtures.plantServer(app, "2002", "1001", TreeFixtures.SERVER);
            TreePicture personal = app.trees().picture(LoopScope.personal("1001"), Actor.person("1001")).orElseThrow();
            TreePicture server = app.trees().picture(LoopScope.server("2002"), Actor.member("1001", "2002", true))
                    .orElseThrow();
            Files.createDirectories(out);
            // The bot favours speed; the copies kept in git are written at the default (smaller) compression.
            ImageIO.write(ImageIO.read(new ByteArrayInputStream(personal.png())), "png",
                    out.resolve("tree-personal.png").toFile());
            ImageIO.write(ImageIO.read(new ByteArrayInputStream(server.png())), "png",
                    out.resolve("tree-server.png").toFile());
            System.out.printf("personal %dx%d %d bytes, server %dx%d %d bytes%n", personal.drawing().width(),
                    personal.drawing().height(), personal.png().length, server.drawing().width(),
                    server.drawing().height(), server.png().length);
        }
    }
}
