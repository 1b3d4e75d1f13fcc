package dev.loopkeeper.e2e.fake;

/** A file a person attached to a command, served by the fake at {@code url} as Discord's CDN serves attachments. */
public record FakeAttachment(String id, String filename, int size, String url) {
}
