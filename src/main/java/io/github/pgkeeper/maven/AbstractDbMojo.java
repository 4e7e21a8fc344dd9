package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.DriverLog;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/** What every goal shares: the skip flags and the translation of engine errors. */
abstract class AbstractDbMojo extends AbstractMojo {
  /** Skips every goal of this plugin. */
  @Parameter(property = "db.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  MojoExecution mojoExecution;

  // Named apart from the session fields of some goals: Maven would fill only the subclass's one.
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession mavenSession;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || skipGoal()) {
      String goal = mojoExecution.getGoal();
      getLog()
          .info(
              "Skipping db:"
                  + goal
                  + ": "
                  + (skip ? "db.skip" : "db." + goal + ".skip")
                  + " is set.");
      return;
    }
    // What the PostgreSQL driver logs goes to this goal's log, masked, not raw to the console.
    Logger driverLog = DriverLog.routeTo(logger());
    try {
      run();
    } catch (PgKeeperException e) {
      throw Parameters.failure(e);
    } catch (RuntimeException e) {
      throw Parameters.unexpected(e);
    } finally {
      DriverLog.routeTo(driverLog);
    }
  }

  /** The goal's own skip flag, whose property is {@code db.<goal>.skip}. */
  abstract boolean skipGoal();

  abstract void run() throws MojoExecutionException, MojoFailureException;

  Logger logger() {
    return new MavenLogger(getLog());
  }

  /**
   * The value of a password parameter. Those are declared as {@link PlexusConfiguration}, so that
   * Maven hands over the expression as configured ({@code ${db.password}}) and evaluates it here:
   * with -X, Maven logs the value of every parameter it evaluates itself ({@code (f) password =
   * ...}), and with it a password from the command line or the one db:start published.
   */
  String secret(PlexusConfiguration parameter, Setting setting) {
    String expression = parameter == null ? null : parameter.getValue(null);
    if (expression == null) {
      return null;
    }
    try {
      Object value =
          new PluginParameterExpressionEvaluator(mavenSession, mojoExecution).evaluate(expression);
      return value == null ? null : value.toString();
    } catch (ExpressionEvaluationException e) {
      throw new PgKeeperException(
          "Cannot evaluate <" + parameter.getName() + ">: " + e.getMessage(), setting);
    }
  }

  /** Makes a value visible to later goals and plugins of this build as {@code ${name}}. */
  void publish(String name, String value) {
    project.getProperties().setProperty(name, value);
  }
}
