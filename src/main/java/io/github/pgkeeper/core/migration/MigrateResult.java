package io.github.pgkeeper.core.migration;

import java.util.List;
import java.util.Optional;

/** What a migrate run did: the migrations it applied, in order, and the version it left. */
public record MigrateResult(List<MigrationFile> applied, Optional<Version> currentVersion) {}
