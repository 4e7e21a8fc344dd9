package io.github.pgkeeper.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a separate JVM, so a test can kill it for real. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader output;

  private ChildJvm(Process process) {
    this.process = process;
    this.output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    return start(List.of(), mainClass, args);
  }

  /** Starts {@code mainClass} with JVM options such as {@code -Xmx64m}. */
  public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    return start(Map.of(), jvmOptions, mainClass, args);
  }

  /**
   * Starts {@code mainClass} with JVM options and variables added to its environment, where a
   * secret such as a password goes rather than on its command line.
   */
  public static ChildJvm start(
      Map<String, String> environment, List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command(jvmOptions, mainClass, args)).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new ChildJvm(builder.start());
  }

  /**
   * The command line that runs {@code mainClass} of the test classpath, for a test that wires the
   * child's standard streams itself.
   */
  public static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Reads output lines until one starts with {@code prefix}, and returns it. */
  public String awaitLine(String prefix, Duration timeout) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = output.readLine()) != null; ) {
                  if (line.startsWith(prefix)) {
                    return line;
                  }
                  seen.append(line).append('\n');
                }
                throw new IllegalStateException("child ended without '" + prefix + "':\n" + seen);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hooks run. */
  public void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
