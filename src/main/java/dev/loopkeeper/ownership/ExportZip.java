package dev.loopkeeper.ownership;

import dev.loopkeeper.common.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A large export as it travels on Discord: a zip holding the one file. Over Discord's 10 MiB an export is sent zipped,
 * and unzipped it is too large for most people to attach again, so an import takes the zip as it came.
 */
public final class ExportZip {
    private ExportZip() {
    }

    /** The file zipped, under its own name. */
    public static byte[] zip(String name, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(bytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Whether the file is a zip: it opens with a file's header ("PK\3\4"), or the end record of an empty one. */
    static boolean isZip(byte[] file) {
        return file.length >= 4 && file[0] == 'P' && file[1] == 'K'
                && (file[2] == 3 && file[3] == 4 || file[2] == 5 && file[3] == 6);
    }

    /**
     * The one export a zip holds (a file other than a folder or macOS's {@code __MACOSX} copies), read to at most
     * {@code max} bytes: a small zip may unzip into far more than an import reads.
     */
    static byte[] unzip(byte[] file, int max) {
        byte[] found = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || name.endsWith(".DS_Store")) {
                    continue;
                }
                if (found != null) {
                    throw new InvalidInputException("That zip holds more than one file; an import takes one export "
                            + "(the .json file /export format:json gave you, zipped or not). Nothing was imported.");
                }
                found = zip.readNBytes(max + 1);
                if (found.length > max) {
                    throw new InvalidInputException("Unzipped, that export is over " + max / (1024 * 1024) + " MB; an "
                            + "import reads at most " + max / (1024 * 1024) + " MB. Nothing was imported.");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("That zip file cannot be read (it may be cut short or damaged): download "
                    + "the export again and import that. Nothing was imported.");
        }
        if (found == null) {
            throw new InvalidInputException("That zip holds no JSON export; an import takes the .json file "
                    + "/export format:json gave you, zipped or not. Nothing was imported.");
        }
        return found;
    }
}
