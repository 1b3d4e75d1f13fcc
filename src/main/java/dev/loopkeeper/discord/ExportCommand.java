package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.FORMAT;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.Export;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /export format}: the caller's data as a private attachment. A file over what Discord accepts from a bot
 * (10 MiB) goes as a zip; text compresses about five times, so that is far beyond 5,000 loops.
 */
public final class ExportCommand extends CommandAdapter {
    /** Discord's upload limit for a bot without a boosted server is 10 MiB; leave room for the request around it. */
    static final int MAX_UPLOAD = 10 * 1024 * 1024 - 64 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final DataService data;
    private final OwnershipMessages messages;

    public ExportCommand(DataService data, OwnershipMessages messages) {
        super(Commands.EXPORT);
        this.data = data;
        this.messages = messages;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        ExportFormat format = ExportFormat.parse(event.getOption(FORMAT, "", OptionMapping::getAsString))
                .orElse(ExportFormat.JSON);
        Export export = data.export(event.getUser().getId());
        String name = "loopkeeper-export-" + STAMP.format(export.exportedAt()) + "." + format.extension();
        byte[] bytes = data.write(export, format);
        if (bytes.length > MAX_UPLOAD) {
            bytes = zip(name, bytes);
            name = name + ".zip";
        }
        if (bytes.length > MAX_UPLOAD) {
            Replies.ephemeral(event, messages.exportTooLarge());
            return;
        }
        Replies.ephemeral(event, Replies.withFile(messages.exportReady(format, export), bytes, name,
                "Your Loopkeeper export, " + format.label()));
    }

    private static byte[] zip(String name, byte[] bytes) {
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
}
