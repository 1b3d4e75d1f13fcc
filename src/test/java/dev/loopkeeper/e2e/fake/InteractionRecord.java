package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the bot sent for one interaction, as the fake saw it: the callback POSTs and the webhook requests
 * (followups and edits of the original reply) that use the interaction's token.
 */
public record InteractionRecord(InteractionHandle interaction, List<RecordedRequest> callbacks,
                                List<RecordedRequest> webhookRequests) {

    public InteractionRecord {
        callbacks = List.copyOf(callbacks);
        webhookRequests = List.copyOf(webhookRequests);
    }

    /** The callbacks the fake accepted (2xx); failed attempts that JDA retried or gave up on are left out. */
    public List<RecordedRequest> acceptedCallbacks() {
        return callbacks.stream().filter(RecordedRequest::succeeded).collect(Collectors.toList());
    }

    /** Time from dispatch to the first accepted callback, if there was one. */
    public Optional<Duration> ackLatency() {
        return callbacks.stream().filter(RecordedRequest::succeeded).findFirst()
                .map(c -> Duration.ofNanos(c.receivedAtNanos() - interaction.dispatchedAtNanos()));
    }

    /**
     * Every message body the bot sent through this interaction: callback {@code data} of message-carrying types
     * (4 reply, 7 update) and the bodies of followups and edits.
     */
    public List<DataObject> messageBodies() {
        List<DataObject> bodies = new ArrayList<>();
        for (RecordedRequest callback : callbacks) {
            if (callback.body().isEmpty()) {
                continue;
            }
            DataObject json = callback.json();
            int type = json.getInt("type", 0);
            if ((type == 4 || type == 7) && json.hasKey("data")) {
                bodies.add(json.getObject("data"));
            }
        }
        for (RecordedRequest request : webhookRequests) {
            if (!request.body().isEmpty() && (request.method().equals("POST") || request.method().equals("PATCH"))) {
                bodies.add(request.json());
            }
        }
        return bodies;
    }
}
