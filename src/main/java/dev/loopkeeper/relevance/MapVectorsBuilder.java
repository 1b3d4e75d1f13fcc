package dev.loopkeeper.relevance;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Build step (Maven's process-classes phase): embeds every topic, alias and foundation of the shipped concept map
 * once and writes them into the classes folder, so the bot starts with the map's vectors instead of computing them.
 * Skips the work when the file already matches the model and the map.
 */
public final class MapVectorsBuilder {
    private MapVectorsBuilder() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "target/classes" + StructuralMap.VECTORS_RESOURCE);
        ConceptMap map = ConceptMap.load();
        String fingerprint = StructuralMap.fingerprint(map);
        if (upToDate(target, MiniLmEmbedder.MODEL_ID, fingerprint)) {
            System.out.println("Concept-map vectors are up to date: " + target);
            return;
        }
        long start = System.nanoTime();
        try (MiniLmEmbedder embedder = MiniLmEmbedder.forBulk()) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                StructuralMap.writeVectors(out, map, embedder.modelId(), StructuralMap.compute(map, embedder));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.printf("Embedded %d concept-map texts in %.1f s: %s%n", StructuralMap.texts(map).size(),
                (System.nanoTime() - start) / 1e9, target);
    }

    private static boolean upToDate(Path file, String modelId, String fingerprint) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            return in.readUTF().equals(modelId) && in.readUTF().equals(fingerprint);
        } catch (IOException e) {
            return false;
        }
    }
}
