package dev.loopkeeper.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Database URLs as they may be shown: every echo of {@code LOOPKEEPER_DB} (a refusal, the start-up line, a failure to
 * connect) goes through {@link #redact}, which masks the two places a URL carries a password: a {@code password=}
 * parameter and the {@code user:password@} before the host (the form Heroku, Render and Supabase give,
 * {@code postgres://alice:s3cret@db.example.com:5432/loopkeeper}).
 */
public final class DatabaseUrls {
    /** What a masked secret shows as. */
    public static final String MASK = "***";
    /** A {@code password=} parameter (also {@code sslpassword=}), up to the next parameter or the end of the text. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s]*");
    /** A URL's scheme, anywhere in a text. */
    private static final Pattern SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://");
    /** The start of a URL, up to its authority: {@code postgres://}, {@code jdbc:postgresql://}. */
    private static final Pattern URL_START = Pattern.compile("(?i)\\s*(?:jdbc:)?[a-z][a-z0-9+.-]*://");

    private DatabaseUrls() {
    }

    /**
     * The text with every password a URL in it carries masked: {@code password=} values, and the password of a
     * {@code user:password@} part (the user stays: it names who logs in, and is no secret). A URL's user part runs from
     * its {@code ://} to the last {@code @} before its query, so a password holding {@code @} or {@code /} is masked
     * whole.
     */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher scheme = SCHEME.matcher(text);
        int copied = 0;
        while (scheme.find()) {
            int start = scheme.end();
            if (start < copied) {
                continue; // inside a user part already masked
            }
            Optional<int[]> userInfo = userInfoSpan(text, start);
            if (userInfo.isEmpty()) {
                continue;
            }
            int at = userInfo.get()[1];
            int colon = text.indexOf(':', start);
            if (colon < 0 || colon > at) {
                continue; // a user alone: nothing secret
            }
            out.append(text, copied, colon + 1).append(MASK);
            copied = at;
        }
        out.append(text, copied, text.length());
        return PASSWORD_PARAMETER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * The same, and also every secret of {@code url} (and {@code secrets}, such as the password given beside it)
     * wherever it stands in the text: a driver's own words may quote a piece of the URL without its {@code ://} (the PostgreSQL
     * driver takes {@code alice:s3cret@host} for a host name and says it cannot find it).
     */
    public static String redact(String text, String url, String... secrets) {
        String redacted = redact(text);
        List<String> known = new ArrayList<>(secretsOf(url));
        for (String secret : secrets) {
            if (secret != null) {
                known.add(secret);
            }
        }
        known.sort((a, b) -> b.length() - a.length());
        for (String secret : known) {
            if (!secret.isEmpty() && !secret.equals(MASK)) {
                redacted = redacted.replace(secret, MASK);
            }
        }
        return redacted;
    }

    /**
     * The {@code user:password} (or {@code user}) part before the host of a URL such as
     * {@code postgres://alice:s3cret@db.example.com/loopkeeper} or {@code jdbc:postgresql://alice:s3cret@host/db}, if
     * it has one.
     */
    public static Optional<String> userInfo(String url) {
        return authorityStart(url).flatMap(start -> userInfoSpan(url, start))
                .map(span -> url.substring(span[0], span[1]));
    }

    /**
     * The URL from its host on, without the scheme and the user part: {@code db.example.com:5432/loopkeeper?ssl=true}
     * of {@code postgres://alice:s3cret@db.example.com:5432/loopkeeper?ssl=true} (its parameters unmasked).
     */
    public static String hostOn(String url) {
        Optional<Integer> start = authorityStart(url);
        if (start.isEmpty()) {
            return url;
        }
        return userInfoSpan(url, start.get()).map(span -> url.substring(span[1] + 1))
                .orElse(url.substring(start.get()));
    }

    private static Optional<Integer> authorityStart(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Matcher scheme = URL_START.matcher(url);
        return scheme.lookingAt() ? Optional.of(scheme.end()) : Optional.empty();
    }

    /**
     * Where the user part of the URL whose authority starts at {@code start} lies, as {@code [start, index of its @]}:
     * up to the last {@code @} before the query ({@code ?} or {@code #}), or, with none there, the last {@code @} of the
     * URL when no {@code /} comes before it (a password holding {@code ?}: the host and its path are still to come). The
     * URL ends at whitespace.
     */
    private static Optional<int[]> userInfoSpan(String text, int start) {
        int end = start;
        int query = -1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            if (query < 0 && (text.charAt(end) == '?' || text.charAt(end) == '#')) {
                query = end;
            }
            end++;
        }
        int at = text.lastIndexOf('@', (query < 0 ? end : query) - 1);
        if (at < start && query >= 0) {
            int last = text.lastIndexOf('@', end - 1);
            int slash = text.indexOf('/', start);
            at = slash < 0 || slash > last ? last : -1;
        }
        return at >= start ? Optional.of(new int[] {start, at}) : Optional.empty();
    }

    /** The passwords a URL carries: its user part's, and its {@code password=} values. */
    private static List<String> secretsOf(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        userInfo(url).ifPresent(info -> {
            int colon = info.indexOf(':');
            if (colon >= 0) {
                secrets.add(info.substring(colon + 1));
            }
        });
        Matcher parameter = PASSWORD_PARAMETER.matcher(url);
        while (parameter.find()) {
            secrets.add(parameter.group().substring(parameter.group(1).length()));
        }
        return secrets;
    }
}
