package dev.loopkeeper.loop;

/** What a person asked to park, as typed; the service cleans and checks it. */
public record ParkRequest(String ownerId, String concept, String why, Origin origin) {
}
