package dev.loopkeeper.console;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.Export;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The console's {@code /export}, {@code /import} and {@code /forget-me}: files on disk instead of attachments. */
final class ConsoleData {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DataService data;
    private final OwnershipMessages messages;
    private final Path folder;
    private final Path tree;

    /**
     * @param folder where exports are written (created when needed)
     * @param tree the picture {@code /tree} writes
     */
    ConsoleData(DataService data, OwnershipMessages messages, Path folder, Path tree) {
        this.data = data;
        this.messages = messages;
        this.folder = folder;
        this.tree = tree;
    }

    /**
     * The file a person typed, as a terminal gives it: in quotes when dragged in (a path with spaces), and from their
     * home folder with a leading {@code ~/}, as {@code LOOPKEEPER_DB} reads it.
     */
    static Path pathOf(String typed) {
        String text = typed.strip();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"")
                || text.startsWith("'") && text.endsWith("'"))) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.equals("~") || text.startsWith("~/")) {
            text = System.getProperty("user.home") + text.substring(1);
        }
        return Path.of(text).toAbsolutePath();
    }

    /** Writes the export and answers with a line of words, then the file's absolute path on a line of its own. */
    String export(String person, String formatText) {
        ExportFormat format = ExportFormat.parse(formatText).orElseThrow();
        Export export = data.export(person);
        Path file = ConsoleFiles.writeNew(folder, "loopkeeper-export-" + STAMP.format(export.exportedAt()),
                format.extension(), data.write(export, format), messages::cannotSave);
        return messages.exportSaved(format, export) + "\n" + file;
    }

    String importFile(String person, String pathText) {
        Path path = pathOf(pathText);
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(path + " is a folder. Give the export file itself, such as " + path
                    + "/loopkeeper-export-20261130-120000.json. Nothing was imported.");
        }
        byte[] bytes;
        // Read up to one byte past the limit, whatever size the file reports: a device (/dev/zero, a pipe) says 0
        // and never ends, and reading it whole ran the console out of memory.
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(DataService.MAX_IMPORT_BYTES + 1);
            if (bytes.length > DataService.MAX_IMPORT_BYTES) {
                throw new InvalidInputException("That file is larger than " + DataService.MAX_IMPORT_BYTES / (1024 * 1024)
                        + " MB; an import reads at most that. Nothing was imported.");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("There is no file at " + path + ". Nothing was imported.");
        } catch (IOException e) {
            throw new InvalidInputException("The file at " + path + " could not be read (" + e + "). Nothing was "
                    + "imported.");
        }
        return messages.imported(data.importJson(person, bytes));
    }

    String forget(String person, ConsoleInput input) throws IOException {
        Optional<String> answer = input.ask(messages.confirmForget() + "\nType yes to delete everything:",
                messages.kept());
        if (answer.isEmpty()) {
            return "";
        }
        if (!answer.get().strip().toLowerCase(Locale.ROOT).equals("yes")) {
            return messages.kept();
        }
        return messages.forgotten(data.forget(person)) + copiesLeft();
    }

    /**
     * The files the console wrote when asked (exports, the tree picture) are the person's own copies, outside the
     * database: a forget leaves them, and says where they are, rather than let "nothing else" mislead.
     */
    private String copiesLeft() {
        long exports;
        try (Stream<Path> files = Files.list(folder)) {
            exports = files.filter(f -> f.getFileName().toString().startsWith("loopkeeper-export-")).count();
        } catch (IOException e) {
            exports = 0; // no folder yet: nothing was exported
        }
        boolean picture = Files.isRegularFile(tree);
        if (exports == 0 && !picture) {
            return "";
        }
        List<String> where = new ArrayList<>();
        if (exports > 0) {
            where.add((exports == 1 ? "1 export" : exports + " exports") + " in " + folder.toAbsolutePath());
        }
        if (picture) {
            where.add("the tree picture at " + tree.toAbsolutePath());
        }
        return "\nThe copies you asked for are files of yours and stay: " + String.join(" and ", where)
                + ". Delete them yourself to remove them too.";
    }
}
