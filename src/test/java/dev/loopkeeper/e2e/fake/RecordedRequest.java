package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One REST request as the fake received it. {@code path} is relative to the API base (for example
 * {@code channels/123/messages}), header names are lower case, {@code body} is the JSON text (the
 * {@code payload_json} part for multipart uploads, "" if none; {@code files} the uploads' other parts), {@code status} is what the fake answered and
 * {@code handlingNanos} how long the fake took from reading the request to having its answer ready (its own cost,
 * which benchmarks subtract from the bot's).
 */
public record RecordedRequest(String method, String path, Map<String, String> query,
                              Map<String, List<String>> headers, String body, long receivedAtNanos, int status,
                              long handlingNanos, List<Upload> files) {

    /** A file part of a multipart upload: its form name ({@code files[0]}), file name, content type and bytes. */
    public record Upload(String name, String fileName, String contentType, byte[] bytes) {
    }

    public RecordedRequest {
        files = List.copyOf(files);
    }

    /** Matches requests by HTTP method and a regular expression over the whole relative path. */
    public static Predicate<RecordedRequest> matching(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return r -> r.method().equals(method) && pattern.matcher(r.path()).matches();
    }

    /** Whether the fake answered with a 2xx status. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** The body parsed as a JSON object. */
    public DataObject json() {
        return DataObject.fromJson(body);
    }

    /** The body parsed as a JSON array (command registration). */
    public DataArray jsonArray() {
        return DataArray.fromJson(body);
    }

    /**
     * Which shard of the bot sent this request, as "id/total": the bot adds "shard id/total" after JDA's User-Agent.
     * Empty when the agent names none.
     */
    public String shard() {
        String agent = header("user-agent");
        int at = agent == null ? -1 : agent.lastIndexOf(" shard ");
        return at < 0 ? "" : agent.substring(at + " shard ".length());
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
