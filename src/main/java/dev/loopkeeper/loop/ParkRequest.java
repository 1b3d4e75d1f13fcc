package dev.loopkeeper.loop;

/**
 * What a person asked to park, as typed; the service cleans and checks it. {@code ownerId} is the person parking (the
 * loop's author); {@code scope} is whose loop it becomes: theirs, or the shared lot of the server they park in.
 * {@code managesServer} says the author holds Manage Server there: a server loop's parker is then held to the lot's
 * whole limit only, not to a member's share of it ({@link LoopLimits#memberShare}).
 */
public record ParkRequest(String ownerId, String concept, String why, Origin origin, LoopScope scope,
        boolean managesServer) {

    public ParkRequest {
        if (scope == null) {
            scope = LoopScope.personal(ownerId);
        } else if (!scope.isServer() && !scope.id().equals(ownerId)) {
            throw new IllegalArgumentException("A personal loop belongs to the person who parks it");
        }
    }

    /** A park by someone who does not manage the server (or a personal one). */
    public ParkRequest(String ownerId, String concept, String why, Origin origin, LoopScope scope) {
        this(ownerId, concept, why, origin, scope, false);
    }

    /** A personal park. */
    public ParkRequest(String ownerId, String concept, String why, Origin origin) {
        this(ownerId, concept, why, origin, null);
    }
}
