package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal shares: the skip flags and the translation of engine errors. */
abstract class AbstractDbMojo extends AbstractMojo {
  /** Skips every goal of this plugin. */
  @Parameter(property = "db.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  MojoExecution mojoExecution;

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
    try {
      run();
    } catch (PgKeeperException e) {
      throw Parameters.failure(e);
    }
  }

  /** The goal's own skip flag, whose property is {@code db.<goal>.skip}. */
  abstract boolean skipGoal();

  abstract void run() throws MojoExecutionException, MojoFailureException;

  Logger logger() {
    return new MavenLogger(getLog());
  }

  /** Makes a value visible to later goals and plugins of this build as {@code ${name}}. */
  void publish(String name, String value) {
    project.getProperties().setProperty(name, value);
  }
}
