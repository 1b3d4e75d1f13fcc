package dev.loopkeeper.reminder;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process for {@link TwoProcessesTest}: a Loopkeeper on the given database (a SQLite file or a PostgreSQL
 * URL) at the given instant, whose front claims the first due mail, prints {@code claimed <reminder id>} and then hangs
 * mid-send until the test kills it with SIGKILL.
 */
public final class MailClaimer {
    private MailClaimer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigLoader.DB, args[0]);
        if (args[0].startsWith(ConfigLoader.POSTGRES_PREFIX)) {
            settings.put(ConfigLoader.DB_USER, args[2]);
        }
        Path folder = Path.of(args[3]);
        Loopkeeper app = Loopkeeper.open(ConfigLoader.load(settings, folder, false), MutableClock.at(args[1]),
                SharedModel.embedder(), SharedModel.map());
        app.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                System.out.println("claimed " + ((Reminder) mail).id());
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Outcome.FAILED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return sendDirect(mail);
            }
        });
        app.outbox().deliverDue();
    }
}
