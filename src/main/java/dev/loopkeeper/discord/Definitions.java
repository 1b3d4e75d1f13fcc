package dev.loopkeeper.discord;

import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** Settings every Loopkeeper command shares: usable in servers and in DMs with the bot. */
final class Definitions {
    private Definitions() {
    }

    static <T extends CommandData> T everywhere(T data) {
        data.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
        data.setIntegrationTypes(IntegrationType.GUILD_INSTALL);
        return data;
    }
}
