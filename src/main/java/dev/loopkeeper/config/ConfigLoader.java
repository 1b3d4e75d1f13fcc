package dev.loopkeeper.config;

import dev.loopkeeper.common.DatabaseUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Builds a {@link Config} from, lowest precedence first: the defaults bundled in the jar, the working
 * folder's {@code config/loopkeeper.properties}, its {@code .env}, and the environment.
 */
public final class ConfigLoader {

    public static final String DISCORD_TOKEN = "DISCORD_TOKEN";
    public static final String DB = "LOOPKEEPER_DB";
    public static final String DB_USER = "LOOPKEEPER_DB_USER";
    public static final String DB_PASSWORD = "LOOPKEEPER_DB_PASSWORD";
    /** How {@code LOOPKEEPER_DB} names a PostgreSQL database instead of a SQLite file. */
    public static final String POSTGRES_PREFIX = "jdbc:postgresql://";
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    public static final String SHARDS = "LOOPKEEPER_SHARDS";
    public static final String SHARD_IDS = "LOOPKEEPER_SHARD_IDS";
    /** Discord's own ceiling is far higher; a bot this size needs a handful. */
    private static final int MAX_SHARDS = 1024;
    public static final String DEV_GUILD = "LOOPKEEPER_DEV_GUILD";
    public static final String WORKERS = "LOOPKEEPER_WORKERS";
    public static final String MAX_OPEN_LOOPS = "LOOPKEEPER_MAX_OPEN_LOOPS";
    public static final String PAGE_SIZE = "LOOPKEEPER_PAGE_SIZE";
    public static final String API_BASE = "LOOPKEEPER_DISCORD_API_BASE";
    public static final String GATEWAY_URL = "LOOPKEEPER_DISCORD_GATEWAY_URL";
    public static final String THRESHOLD = "LOOPKEEPER_REMINDER_THRESHOLD";
    public static final String COOLDOWN_DAYS = "LOOPKEEPER_REMINDER_COOLDOWN_DAYS";
    public static final String DAILY_CAP = "LOOPKEEPER_REMINDER_DAILY_CAP";
    public static final String WORKLOG_HOURS = "LOOPKEEPER_WORKLOG_FOCUS_HOURS";
    public static final String UNTOUCHED_WEEKS = "LOOPKEEPER_NUDGE_UNTOUCHED_WEEKS";
    public static final String INDEX_MB = "LOOPKEEPER_INDEX_MB";
    public static final String MESSAGE_CONTENT = "LOOPKEEPER_MESSAGE_CONTENT";
    public static final String SERVER_GRACE_DAYS = "LOOPKEEPER_SERVER_GRACE_DAYS";
    public static final String DELIVERY_SECONDS = "LOOPKEEPER_DELIVERY_SECONDS";
    public static final String MAIL_LEASE_SECONDS = "LOOPKEEPER_MAIL_LEASE_SECONDS";
    public static final String UPLOAD_LIMIT_KB = "LOOPKEEPER_UPLOAD_LIMIT_KB";
    public static final String STOP_SECONDS = "LOOPKEEPER_STOP_SECONDS";

    /** Discord tokens are three base64url segments separated by dots. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** The matcher's measured default (docs/RELEVANCE.md); the bundled properties file states it too. */
    private static final double DEFAULT_THRESHOLD = 0.60;
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");
    /** {@code $HOME} or {@code ${HOME}}, as a shell would expand it. */
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$(\\{|[A-Za-z_])");

    private ConfigLoader() {
    }

    /** Loads the configuration for a mode that needs Discord: a missing token is then an error. */
    public static Config load(Map<String, String> environment, Path workingDir, boolean tokenRequired) {
        Map<String, String> values = new HashMap<>(bundledDefaults());
        values.putAll(readProperties(workingDir.resolve("config").resolve("loopkeeper.properties")));
        values.putAll(readDotEnv(workingDir.resolve(".env")));
        environment.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        return validate(values, workingDir, tokenRequired);
    }

    private static Config validate(Map<String, String> values, Path workingDir, boolean tokenRequired) {
        List<String> problems = new ArrayList<>();

        Optional<String> token = optional(values, DISCORD_TOKEN);
        if (token.isEmpty() && tokenRequired) {
            problems.add(DISCORD_TOKEN + " is not set. Put the bot token in .env (see .env.example), "
                    + "or try Loopkeeper without one: java -jar target/loopkeeper.jar console");
        } else if (tokenRequired && token.isPresent() && !TOKEN_SHAPE.matcher(token.get()).matches()) {
            // Only the bot uses the token: the console, score, backup and export run whatever .env holds for it (a
            // placeholder, a half-pasted token), as .env.example promises they need none.
            // Never echo the value: a half-pasted token is still a secret.
            problems.add(DISCORD_TOKEN + " is malformed: expected three dot-separated parts with no spaces "
                    + "or quotes (copy it again from the Developer Portal's Bot page; see .env.example).");
        }

        String dbText = homeAndVariables(sqliteFile(optional(values, DB).orElse("./data/loopkeeper.db"), problems),
                problems);
        Optional<Config.Postgres> postgres = postgres(dbText, values, problems);
        Path db = postgres.isPresent() ? workingDir.resolve("data").resolve("loopkeeper.db").normalize()
                : workingDir.resolve(dbText).normalize();
        if (postgres.isEmpty() && Files.isDirectory(db)) {
            problems.add(DB + " must be a file path, but " + db + " is a folder.");
        }

        Optional<String> devGuild = optional(values, DEV_GUILD);
        if (devGuild.isPresent() && !SNOWFLAKE.matcher(devGuild.get()).matches()) {
            problems.add(DEV_GUILD + " must be a server id (digits only), got '" + devGuild.get() + "'.");
        }

        int workers = positiveInt(values, WORKERS, 4, 256, problems);
        int maxOpen = positiveInt(values, MAX_OPEN_LOOPS, 5000, 1_000_000, problems);
        int pageSize = positiveInt(values, PAGE_SIZE, 10, 20, problems);
        Optional<URI> apiBase = uri(values, API_BASE, List.of("http", "https"), problems);
        Optional<URI> gateway = uri(values, GATEWAY_URL, List.of("ws", "wss"), problems);
        Config.Relevance relevance = new Config.Relevance(
                threshold(values, problems),
                positiveInt(values, COOLDOWN_DAYS, 7, 365, problems),
                positiveInt(values, DAILY_CAP, 3, 100, problems),
                positiveInt(values, WORKLOG_HOURS, 4, 168, problems),
                bool(values, MESSAGE_CONTENT, problems),
                positiveInt(values, INDEX_MB, 80, 65_536, problems));
        int serverGraceDays = positiveInt(values, SERVER_GRACE_DAYS, 30, 3650, problems);
        Config.Nudges nudges = new Config.Nudges(positiveInt(values, UNTOUCHED_WEEKS, 8, 520, problems));

        Optional<Config.Shards> shards = shards(values, postgres.isPresent(), problems);
        Config.Delivery delivery = new Config.Delivery(
                java.time.Duration.ofSeconds(positiveInt(values, DELIVERY_SECONDS,
                        (int) Config.Delivery.DEFAULTS.every().toSeconds(), 3600, problems)),
                java.time.Duration.ofSeconds(positiveInt(values, MAIL_LEASE_SECONDS,
                        (int) Config.Delivery.DEFAULTS.lease().toSeconds(), 3600, problems)));
        int uploadLimitKb = positiveInt(values, UPLOAD_LIMIT_KB, Config.MAX_UPLOAD_KB, Config.MAX_UPLOAD_KB, problems);
        java.time.Duration stopLimit = java.time.Duration.ofSeconds(positiveInt(values, STOP_SECONDS,
                (int) Config.DEFAULT_STOP_LIMIT.toSeconds(), 600, problems));

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(tokenRequired ? token : Optional.empty(), db, devGuild, workers, maxOpen, pageSize, apiBase,
                gateway, relevance, serverGraceDays, nudges, postgres, shards, delivery, uploadLimitKb, stopLimit);
    }

    /**
     * {@code LOOPKEEPER_SHARDS} (total) and {@code LOOPKEEPER_SHARD_IDS} ({@code 0-3}, {@code 0,2}, {@code 1}; unset:
     * every shard). A process may run several shards (JDA's shard manager). When it runs only some, the others run in
     * other processes that must share its database, so that needs PostgreSQL; one process running every shard may keep
     * SQLite.
     */
    private static Optional<Config.Shards> shards(Map<String, String> values, boolean postgres, List<String> problems) {
        Optional<String> totalText = optional(values, SHARDS);
        Optional<String> idsText = optional(values, SHARD_IDS);
        if (totalText.isEmpty()) {
            if (idsText.isPresent()) {
                problems.add(SHARD_IDS + " needs " + SHARDS + " (how many shards there are in all), such as "
                        + SHARDS + "=2.");
            }
            return Optional.empty();
        }
        int problemsBefore = problems.size();
        int total = positiveInt(values, SHARDS, 1, MAX_SHARDS, problems);
        if (problems.size() > problemsBefore) {
            // The total was refused: shard ids measured against its stand-in would only add a confusing second line.
            return Optional.empty();
        }
        List<Integer> ids = new ArrayList<>();
        if (idsText.isEmpty()) {
            for (int i = 0; i < total; i++) {
                ids.add(i);
            }
        } else {
            for (String part : idsText.get().split(",")) {
                String item = part.strip();
                java.util.regex.Matcher range = Pattern.compile("(\\d{1,4})(?:\\s*-\\s*(\\d{1,4}))?").matcher(item);
                if (!range.matches()) {
                    problems.add(SHARD_IDS + " must list shard numbers such as 0-3 or 0,2, got '" + idsText.get()
                            + "'.");
                    return Optional.empty();
                }
                int from = Integer.parseInt(range.group(1));
                int to = range.group(2) == null ? from : Integer.parseInt(range.group(2));
                if (to < from || to >= total) {
                    problems.add(SHARD_IDS + " names shard " + item + ", but with " + SHARDS + "=" + total
                            + " the shards are 0 to " + (total - 1) + ".");
                    return Optional.empty();
                }
                for (int id = from; id <= to; id++) {
                    if (ids.contains(id)) {
                        problems.add(SHARD_IDS + " names shard " + id + " twice.");
                        return Optional.empty();
                    }
                    ids.add(id);
                }
            }
        }
        if (ids.size() < total && !postgres) {
            problems.add(SHARD_IDS + "=" + idsText.orElse("") + " leaves shards to other processes, and they must share "
                    + "one database: set " + DB + " to a jdbc:postgresql:// URL, or run every shard here (leave "
                    + SHARD_IDS + " unset) (docs/DEPLOY.md).");
        }
        return Optional.of(new Config.Shards(total, ids));
    }

    /**
     * The file a {@code jdbc:sqlite:<file>} URL names (people used to JDBC write it so), read as the file alone; any
     * other value unchanged. An in-memory database or URL options are refused by name: the first keeps nothing across a
     * restart, the second would override what Loopkeeper sets.
     */
    private static String sqliteFile(String dbText, List<String> problems) {
        if (!dbText.regionMatches(true, 0, SQLITE_PREFIX, 0, SQLITE_PREFIX.length())) {
            return dbText;
        }
        String file = dbText.substring(SQLITE_PREFIX.length()).strip();
        if (file.isEmpty() || file.startsWith(":memory:") || file.contains("?") || file.startsWith("file:")) {
            problems.add(DB + " must name a database file, such as ./data/loopkeeper.db, got '"
                    + DatabaseUrls.redact(dbText) + "': an in-memory database keeps nothing across a restart, and URL "
                    + "options would change settings Loopkeeper sets itself.");
            return "./data/loopkeeper.db";
        }
        return file;
    }

    /**
     * A file path as a shell would read it where no shell does (.env, the config file): a leading {@code ~} is the
     * home folder; a variable such as {@code $HOME} is refused by name, since a folder literally named "$HOME" is
     * never what was meant (and "rm -rf ~" to clean up one named "~" deletes the home folder).
     */
    private static String homeAndVariables(String dbText, List<String> problems) {
        if (urlLike(dbText)) {
            return dbText; // a URL: a $ in it is its password's
        }
        if (SHELL_VARIABLE.matcher(dbText).find()) {
            problems.add(DB + " holds a variable, '" + DatabaseUrls.redact(dbText) + "': nothing expands it here. Write "
                    + "the path itself, such as /home/you/loopkeeper/data/loopkeeper.db.");
            return "./data/loopkeeper.db";
        }
        if (dbText.equals("~") || dbText.startsWith("~/")) {
            return System.getProperty("user.home") + dbText.substring(1);
        }
        return dbText;
    }

    /** A {@code jdbc:postgresql://host[:port]/database[?...]} URL, with the user and password from their keys. */
    private static Optional<Config.Postgres> postgres(String dbText, Map<String, String> values,
            List<String> problems) {
        Optional<String> user = optional(values, DB_USER);
        Optional<String> password = optional(values, DB_PASSWORD);
        if (!dbText.regionMatches(true, 0, POSTGRES_PREFIX, 0, POSTGRES_PREFIX.length())) {
            if (startsWith(dbText, "postgres://") || startsWith(dbText, "postgresql://")) {
                problems.add(userAndPasswordApart(dbText, DB + " is a postgres:// URL (the form Heroku, Render and "
                        + "Supabase give), which Loopkeeper does not read"));
            } else if (urlLike(dbText)) {
                problems.add(DB + " must be a SQLite file path or a jdbc:postgresql://host:port/database URL, got '"
                        + DatabaseUrls.redact(dbText) + "'.");
            } else if (user.isPresent() || password.isPresent()) {
                problems.add(DB_USER + " and " + DB_PASSWORD + " are for PostgreSQL only, but " + DB
                        + " is a SQLite file. Remove them, or set " + DB + " to a jdbc:postgresql:// URL.");
            }
            return Optional.empty();
        }
        if (DatabaseUrls.userInfo(dbText).isPresent()) {
            // The driver would take "alice:s3cret@host" for a host name, and say so, password and all.
            problems.add(userAndPasswordApart(dbText, DB + " holds a user and password before the host, which the "
                    + "PostgreSQL driver does not read"));
            return Optional.empty();
        }
        String rest = dbText.substring(POSTGRES_PREFIX.length());
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("\\?.*", "");
        if (hosts.isBlank() || database.isBlank()) {
            problems.add(DB + " must name a host and a database, such as jdbc:postgresql://localhost:5432/loopkeeper.");
            return Optional.empty();
        }
        boolean userInUrl = rest.matches("(?i).*[?&]user=.*");
        if (user.isEmpty() && !userInUrl) {
            problems.add(DB + " is a PostgreSQL database: set " + DB_USER + " (and " + DB_PASSWORD
                    + " in .env), or put user= and password= in the URL.");
        }
        return Optional.of(new Config.Postgres(POSTGRES_PREFIX + rest, user, password));
    }

    /**
     * Says how to write a PostgreSQL URL that carries its user and password ({@code postgres://alice:s3cret@host/db}) or
     * that is not a JDBC URL, without echoing the password: the JDBC URL of the same host and database, and the user and
     * password in their own keys.
     */
    private static String userAndPasswordApart(String dbText, String what) {
        Optional<String> user = DatabaseUrls.userInfo(dbText).map(info -> info.split(":", 2)[0])
                .filter(name -> !name.isBlank());
        return what + ": set " + DB + "=" + POSTGRES_PREFIX + DatabaseUrls.redact(DatabaseUrls.hostOn(dbText)) + ", "
                + user.map(name -> DB_USER + "=" + name + " and " + DB_PASSWORD + " to its password")
                        .orElse(DB_USER + " and " + DB_PASSWORD)
                + " (in .env or the environment, never in config/).";
    }

    /**
     * Whether {@code LOOPKEEPER_DB} is written as a URL ({@code jdbc:}, {@code postgres:}, {@code postgresql:}) rather
     * than a file path: a SQLite file may well be named {@code postgres-old.db}.
     */
    private static boolean urlLike(String dbText) {
        return startsWith(dbText, "jdbc:") || startsWith(dbText, "postgres:") || startsWith(dbText, "postgresql:");
    }

    private static boolean startsWith(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static Optional<String> optional(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int positiveInt(Map<String, String> values, String key, int fallback, int max,
            List<String> problems) {
        Optional<String> text = optional(values, key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the same message as an out-of-range number
        }
        problems.add(key + " must be a whole number from 1 to " + max + ", got '" + text.get() + "'.");
        return fallback;
    }

    private static double threshold(Map<String, String> values, List<String> problems) {
        Optional<String> text = optional(values, THRESHOLD);
        if (text.isEmpty()) {
            return DEFAULT_THRESHOLD;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (value > 0 && value < 2) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(THRESHOLD + " must be a number between 0 and 2 (default 0.60), got '" + text.get() + "'.");
        return DEFAULT_THRESHOLD;
    }

    private static boolean bool(Map<String, String> values, String key, List<String> problems) {
        String text = optional(values, key).orElse("false").toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        problems.add(key + " must be true or false, got '" + text + "'.");
        return false;
    }

    private static Optional<URI> uri(Map<String, String> values, String key, List<String> schemes,
            List<String> problems) {
        Optional<String> text = optional(values, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            if (uri.getScheme() != null && schemes.contains(uri.getScheme()) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        problems.add(key + " must be a " + String.join(" or ", schemes) + " URL, got '" + text.get() + "'.");
        return Optional.empty();
    }

    private static Map<String, String> bundledDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/loopkeeper.properties")) {
            if (in == null) {
                return Map.of();
            }
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return toMap(properties);
        } catch (IOException e) {
            throw new ConfigException(List.of("Cannot read " + file + ": " + e.getMessage()));
        }
    }

    /** Reads {@code KEY=value} lines; {@code #} comments, {@code export} prefixes and quotes are allowed. */
    static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of("Cannot read " + file + ": " + e.getMessage()));
        }
        Map<String, String> values = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            values.put(key, dotEnvValue(line.substring(eq + 1).strip()));
        }
        return values;
    }

    /**
     * A value as dotenv files write it: in quotes (what follows the closing quote, such as a comment, is not part of
     * it), or bare up to a comment that starts after a space ({@code ~/lk.db # my db} is {@code ~/lk.db}).
     */
    static String dotEnvValue(String value) {
        if (value.startsWith("\"") || value.startsWith("'")) {
            int close = value.indexOf(value.charAt(0), 1);
            if (close > 0) {
                return value.substring(1, close);
            }
        }
        if (value.startsWith("#")) {
            return ""; // "KEY=  # a comment": no value
        }
        java.util.regex.Matcher comment = Pattern.compile("\\s#").matcher(value);
        return comment.find() ? value.substring(0, comment.start()).strip() : value;
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}
