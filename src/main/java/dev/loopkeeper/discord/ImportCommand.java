package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.FILE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/** {@code /import file}: restores a JSON export attached to the command. Downloading may take a moment: deferred. */
public final class ImportCommand extends CommandAdapter {
    private static final long DOWNLOAD_SECONDS = 30;

    private final DataService data;
    private final OwnershipMessages messages;

    public ImportCommand(DataService data, OwnershipMessages messages) {
        super(Commands.IMPORT);
        this.data = data;
        this.messages = messages;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        Message.Attachment file = event.getOption(FILE, OptionMapping::getAsAttachment);
        if (file == null) {
            throw new InvalidInputException("Attach the JSON file that /export format:json gave you.");
        }
        if (file.getSize() > DataService.MAX_IMPORT_BYTES) {
            throw new InvalidInputException(messages.importTooLarge(file.getSize()));
        }
        Replies.deferIfUnanswered(event);
        Replies.ephemeral(event, messages.imported(data.importJson(event.getUser().getId(), download(file))));
    }

    private static byte[] download(Message.Attachment file) {
        try (InputStream in = file.getProxy().download().get(DOWNLOAD_SECONDS, TimeUnit.SECONDS)) {
            return in.readNBytes(DataService.MAX_IMPORT_BYTES + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("The file could not be read from Discord. Nothing was imported.");
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new InvalidInputException("The file could not be read from Discord (" + e.getClass().getSimpleName()
                    + "); try again. Nothing was imported.");
        }
    }
}
