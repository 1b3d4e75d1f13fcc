package dev.loopkeeper.e2e;

import dev.loopkeeper.Main;
import dev.loopkeeper.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code java dev.loopkeeper.Main <arguments>} in a child JVM, for tests of whole processes: a bot killed outright (no
 * shutdown hook), two bots on one database, the console beside the bot.
 */
final class MainProcess {
    private MainProcess() {
    }

    /**
     * Starts it in {@code home} (created) with its settings by environment alone: none of this JVM's
     * {@code LOOPKEEPER_} variables or token, then {@code settings}. Its standard error goes to {@code home/err.log},
     * its standard output to {@code home/out.log} and, line by line, to {@code eachLine}; {@code ready} completes at
     * the first line {@code isReady} accepts, or exceptionally when the process ends before one.
     *
     * @param properties more {@code -D} options (the shipped logging is used, at INFO)
     */
    static Process start(Path home, List<String> arguments, Map<String, String> settings, List<String> properties,
            Predicate<String> isReady, Consumer<String> eachLine, CompletableFuture<Void> ready) throws IOException {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(),
                // Start-up, not peak speed, is what these tests pay for: C1 only, a small heap, one GC thread.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k",
                // The shipped logging (INFO, to standard error) rather than the tests' (WARN).
                "-Dlogback.configurationFile=logback.xml"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(home.resolve("err.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("LOOPKEEPER_") || key.equals(ConfigLoader.DISCORD_TOKEN));
        env.putAll(settings);
        Process process = builder.start();
        Thread pump = new Thread(() -> copy(process, home, isReady, eachLine, ready),
                "main-process-" + home.getFileName() + "-out");
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    /**
     * Kills a child process as a crash would (SIGKILL on Linux: no shutdown hook runs, nothing is given back) and waits
     * for it to be gone, at most 30 s; nothing for none or one that ended. Whether it is gone.
     */
    static boolean kill(Process process) {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroyForcibly();
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The settings every bot here runs with: the token, and the fake Discord's addresses. */
    static Map<String, String> botOn(dev.loopkeeper.e2e.fake.FakeDiscord fake) {
        return Map.of(ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN, ConfigLoader.API_BASE, fake.restBaseUrl(),
                ConfigLoader.GATEWAY_URL, fake.gatewayUrl());
    }

    private static void copy(Process process, Path home, Predicate<String> isReady, Consumer<String> eachLine,
            CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer writer = Files.newBufferedWriter(home.resolve("out.log"))) {
            String line;
            while ((line = lines.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                writer.flush();
                eachLine.accept(line);
                if (isReady.test(line)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("it ended before starting; see " + home));
    }
}
