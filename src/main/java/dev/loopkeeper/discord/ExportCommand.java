package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.FORMAT;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.Export;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.ownership.ExportZip;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /export format}: the caller's data as a private attachment. A file over what Discord accepts from a bot
 * (10 MiB) is large: it goes as a zip (text compresses about five times, so that is far beyond 5,000 loops), by direct
 * message, where it stays (a private reply's file is gone once the client reloads), and the private reply says so. When
 * the direct message cannot be sent (closed to the bot: Discord's 50007), the zip is the private reply's attachment
 * after all. A file that does not fit even zipped is refused with what to do instead.
 */
public final class ExportCommand extends CommandAdapter {
    private static final Logger log = LoggerFactory.getLogger(ExportCommand.class);
    /** How long opening the DM channel and uploading the zip may take, each; the interaction stays open 15 minutes. */
    private static final int DM_SECONDS = 60;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final DataService data;
    private final OwnershipMessages messages;
    private final int maxUpload;

    /** @param maxUpload the largest file, in bytes, sent as it is; a larger one is zipped and sent by DM */
    public ExportCommand(DataService data, OwnershipMessages messages, int maxUpload) {
        super(Commands.EXPORT);
        this.data = data;
        this.messages = messages;
        this.maxUpload = maxUpload;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        // Acknowledged first: building, writing and zipping a large export may take longer than the 3 seconds Discord
        // waits for an answer. The answer, its file too, then edits this private "thinking" reply.
        Replies.deferIfUnanswered(event);
        ExportFormat format = ExportFormat.parse(event.getOption(FORMAT, "", OptionMapping::getAsString))
                .orElse(ExportFormat.JSON);
        Export export = data.export(event.getUser().getId());
        String name = "loopkeeper-export-" + STAMP.format(export.exportedAt()) + "." + format.extension();
        String description = "Your Loopkeeper export, " + format.label();
        byte[] bytes = data.write(export, format);
        if (bytes.length <= maxUpload) {
            Replies.ephemeral(event, Replies.withFile(messages.exportReady(format, export), bytes, name, description));
            return;
        }
        byte[] zipped = ExportZip.zip(name, bytes);
        if (zipped.length > maxUpload) {
            Replies.ephemeral(event, messages.exportTooLarge(event.getUser().getId()));
            return;
        }
        String zipName = name + ".zip";
        Direct sent = sendDirect(event.getUser(),
                Replies.withFile(messages.exportZipped(format, export), zipped, zipName, description));
        if (sent == Direct.SENT) {
            Replies.ephemeral(event, messages.exportSentByDirectMessage(zipped.length));
        } else {
            Replies.ephemeral(event, Replies.withFile(messages.exportNotByDirectMessage(format, export,
                    sent == Direct.CLOSED), zipped, zipName, description));
        }
    }

    /** How a direct message went: sent, refused because the person's DMs are closed to the bot, or failed. */
    private enum Direct {
        SENT, CLOSED, FAILED
    }

    private static Direct sendDirect(User user, MessageCreateData message) {
        try {
            PrivateChannel channel = user.openPrivateChannel().submit().get(DM_SECONDS, TimeUnit.SECONDS);
            channel.sendMessage(message).submit().get(DM_SECONDS, TimeUnit.SECONDS);
            return Direct.SENT;
        } catch (ExecutionException e) {
            if (Replies.closedToTheBot(e.getCause())) {
                return Direct.CLOSED;
            }
            log.warn("The export for {} could not be sent by direct message", user.getId(), e.getCause());
        } catch (TimeoutException e) {
            log.warn("The export for {} timed out on its way by direct message", user.getId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Direct.FAILED;
    }
}
