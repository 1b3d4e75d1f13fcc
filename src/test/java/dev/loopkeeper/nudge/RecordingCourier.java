package dev.loopkeeper.nudge;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import java.util.ArrayList;
import java.util.List;

/** Discord's side of delivery in service tests: records what was sent where, and delivers it. */
final class RecordingCourier implements Courier {
    record Sent(String where, Mail mail) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private volatile Outcome direct = Outcome.DELIVERED;

    void answerDirect(Outcome outcome) {
        direct = outcome;
    }

    @Override
    public synchronized Outcome sendDirect(Mail mail) {
        sent.add(new Sent("dm", mail));
        return direct;
    }

    @Override
    public synchronized Outcome sendToChannel(String guildId, String channelId, Mail mail) {
        sent.add(new Sent(guildId + "/" + channelId, mail));
        return Outcome.DELIVERED;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized List<Nudge> nudgesTo(String ownerId) {
        return sent.stream().filter(s -> s.where().equals("dm")).map(Sent::mail)
                .filter(m -> m instanceof Nudge n && n.ownerId().equals(ownerId)).map(m -> (Nudge) m).toList();
    }
}
