package dev.loopkeeper.e2e;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import net.dv8tion.jda.api.utils.data.DataArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code LOOPKEEPER_DEV_GUILD} set, commands go to that server only, and they work there. */
class DevGuildE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withDevGuildCommands();

    @Test
    void commandsAreRegisteredInTheDevGuildOnlyAndWork() {
        DataArray registered = E2E.fake().registeredGuildCommands(E2E.guildId());

        assertEquals(LoopkeeperE2E.COMMAND_NAMES.size(), registered.length());
        CommandDefinitionRules.assertValid(registered);
        assertTrue(E2E.requests(RecordedRequest.matching("PUT", "applications/\\d+/commands")).isEmpty(),
                "nothing registered globally");
        FakeUser user = E2E.newUser();
        assertTrue(E2E.park(user, "guild-only commands").getString("content").startsWith("Parked **guild-only commands**."));
    }
}
