package dev.loopkeeper.ownership;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopkeeper.common.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form: complete and versioned. Times ({@code *_at}, {@code *_until}, {@code *_since}) are written as ISO-8601 instants,
 * stored bytes as Base64; everything else as stored. Reading only parses: {@link DataService} checks each value
 * against the table it goes into.
 */
final class ExportJson {
    /** Times whose names do not say so: a nudge schedule's next run, a nudge's week. */
    private static final Set<String> TIMES_BY_NAME = Set.of("next_run", "week_from", "week_to", "deliver_after");
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build()).build());

    private ExportJson() {
    }

    static byte[] write(Export export) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
            // Each row on its own line under its table (the default printer puts a list's rows on one line).
            DefaultIndenter lines = new DefaultIndenter("  ", "\n");
            json.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(lines).withArrayIndenter(lines));
            json.writeStartObject();
            json.writeStringField("format", Export.FORMAT);
            json.writeNumberField("version", Export.VERSION);
            json.writeStringField("schema", export.schema());
            json.writeStringField("exported_at", export.exportedAt().toString());
            json.writeStringField("person", export.personId());
            json.writeObjectFieldStart("tables");
            for (Map.Entry<String, List<Map<String, Object>>> table : export.tables().entrySet()) {
                json.writeArrayFieldStart(table.getKey());
                for (Map<String, Object> row : table.getValue()) {
                    // One row a line: indenting every field of every row made a heavy account's export a quarter
                    // larger than its data, past what an import reads (4,900 loops and 9,000 notes: 22.6 MB).
                    json.writeRawValue(row(row));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A row as one line of compact JSON. */
    private static String row(Map<String, Object> row) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> column : row.entrySet()) {
                if (column.getValue() == null) {
                    continue; // a column the file leaves out is read as empty
                }
                json.writeFieldName(column.getKey());
                writeValue(json, column.getKey(), column.getValue());
            }
            json.writeEndObject();
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator json, String column, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof byte[] blob) {
            json.writeString(Base64.getEncoder().encodeToString(blob));
        } else if (isTime(column) && value instanceof Number millis) {
            json.writeString(Instant.ofEpochMilli(millis.longValue()).toString());
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else {
            json.writeString(value.toString());
        }
    }

    /** Columns that hold a time in epoch milliseconds (written as ISO-8601; an import reads either). */
    static boolean isTime(String column) {
        return column.endsWith("_at") || column.endsWith("_until") || column.endsWith("_since")
                || TIMES_BY_NAME.contains(column);
    }


    /** The parsed file, or a message saying where it stops being JSON. */
    static JsonNode read(byte[] file) {
        try {
            JsonNode root = MAPPER.readTree(file);
            if (root == null || !root.isObject()) {
                throw new InvalidInputException("That file is not a Loopkeeper export: it is empty or not a JSON object. "
                        + "Nothing was imported.");
            }
            return root;
        } catch (JsonProcessingException e) {
            String start = new String(file, 0, Math.min(file.length, 64), java.nio.charset.StandardCharsets.UTF_8);
            if (start.startsWith("---\nexport: " + Export.FORMAT)
                    || start.startsWith(ExportCsv.BOM + "record,loop") || start.startsWith("record,loop")) {
                // Our own Markdown or CSV export: readable elsewhere, but only the JSON one holds everything.
                throw new InvalidInputException("That is a " + (start.startsWith("---") ? "Markdown" : "CSV")
                        + " export, for reading elsewhere; an import takes the JSON export (/export format:json), "
                        + "which holds everything. Nothing was imported.");
            }
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new InvalidInputException("That file is not valid JSON" + where + ". Nothing was imported.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
