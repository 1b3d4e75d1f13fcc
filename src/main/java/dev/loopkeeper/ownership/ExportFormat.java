package dev.loopkeeper.ownership;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The forms an export takes: Markdown for a notes vault, JSON complete and importable, CSV for a spreadsheet. */
public enum ExportFormat {
    MARKDOWN("markdown", "md", "text/markdown"),
    JSON("json", "json", "application/json"),
    CSV("csv", "csv", "text/csv");

    private final String label;
    private final String extension;
    private final String mediaType;

    ExportFormat(String label, String extension, String mediaType) {
        this.label = label;
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String label() {
        return label;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ExportFormat> parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.label.equals(wanted) || f.extension.equals(wanted)).findFirst();
    }
}
