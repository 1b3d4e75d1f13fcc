package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The few words in "Cannot reach Discord at ... (words); retrying in 5 s" come from the socket's failure. */
class UnreachableReasonTest {

    @Test
    void aRefusedConnectionSaysSoInTheSocketsWords() {
        Exception wrapped = new IllegalStateException(new RuntimeException("Failed to connect to '127.0.0.1:1'",
                new ConnectException("Connection refused")));

        assertEquals("Connection refused", DiscordBot.reason(wrapped));
    }

    @Test
    void anUnknownHostIsNamedTheSameWayTheFirstTimeAndLater() {
        Exception first = new UnknownHostException("discord.com: Name or service not known");
        assertEquals("cannot resolve discord.com", DiscordBot.reason(new RuntimeException(first)));
        assertEquals("cannot resolve discord.com", DiscordBot.reason(new UnknownHostException("discord.com")));
    }
}
