package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.SupabaseTestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the Supabase flavour prepares, checked on a real Supabase-flavoured server. */
class SupabaseFlavorTest {
  private static final String USER = "0d2a9a5e-5a3c-4c55-9b1e-1f0f6c3f9a01";

  /** The database the server prepared when it started. */
  private static ConnectionConfig started() {
    return SupabaseTestDatabases.server().connection();
  }

  @Test
  void createsSupabasesRolesWithTheirAttributes() {
    assertEquals(
        List.of(
            "anon:false:false:false",
            "authenticated:false:false:false",
            "authenticator:true:false:false",
            "service_role:false:false:true"),
        Sql.column(
            started(),
            "SELECT rolname || ':' || rolcanlogin || ':' || rolinherit || ':' || rolbypassrls"
                + " FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role',"
                + " 'authenticator') ORDER BY rolname"));
    assertEquals(
        List.of("anon", "authenticated", "service_role"),
        Sql.column(
            started(),
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                + " WHERE m.member = 'authenticator'::regrole ORDER BY 1"));
    assertTrue(
        Sql.column(started(), "SELECT rolname FROM pg_roles")
            .containsAll(
                List.of("supabase_admin", "supabase_auth_admin", "supabase_storage_admin")));
  }

  @Test
  void nobodyLogsInAsTheLoginRolesWhichHaveNoPassword() {
    // Under trust authentication any local process could have been supabase_admin, a superuser.
    for (String role : List.of("supabase_admin", "authenticator", "supabase_auth_admin")) {
      ConnectionConfig as = new ConnectionConfig(started().url(), role, started().password());
      PgKeeperException refused =
          assertThrows(PgKeeperException.class, () -> Connections.open(as).close(), role);
      assertTrue(refused.getMessage().contains("Authentication failed"), refused.getMessage());
    }
  }

  @Test
  void createsThePlatformSchemasAndTheRealtimePublication() {
    assertTrue(
        Sql.column(started(), "SELECT nspname FROM pg_namespace")
            .containsAll(
                List.of(
                    "auth",
                    "storage",
                    "extensions",
                    "graphql",
                    "graphql_public",
                    "vault",
                    "realtime")));
    assertEquals(
        "supabase_auth_admin",
        Sql.value(
            started(),
            "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'auth'"));
    assertEquals(
        List.of("supabase_realtime"), Sql.column(started(), "SELECT pubname FROM pg_publication"));
  }

  @Test
  void newSessionsGetSupabasesSearchPathWithTheExtensionsInIt() {
    assertEquals("\"$user\", public, extensions", Sql.value(started(), "SHOW search_path"));
    assertTrue(
        Sql.column(
                started(), "SELECT extname || '@' || extnamespace::regnamespace FROM pg_extension")
            .containsAll(
                List.of("pgcrypto@extensions", "uuid-ossp@extensions", "supabase_vault@vault")));
    // Unqualified, as Supabase projects call them.
    assertEquals(
        String.valueOf(36 + 4 + 60),
        Sql.value(
            started(),
            "SELECT length(uuid_generate_v4()::text) + length(gen_random_bytes(4))"
                + " + length(crypt('x', gen_salt('bf')))"));
  }

  @Test
  void authUsersHasTheColumnsProjectsUse() {
    List<String> columns =
        Sql.column(
            started(),
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'auth' AND table_name = 'users'");
    for (String column :
        List.of(
            "id",
            "email",
            "encrypted_password",
            "email_confirmed_at",
            "raw_app_meta_data",
            "raw_user_meta_data",
            "created_at",
            "updated_at",
            "phone",
            "role",
            "aud",
            "last_sign_in_at",
            "is_anonymous",
            "confirmed_at",
            "deleted_at")) {
      assertTrue(columns.contains(column), column + " in " + columns);
    }
    assertTrue(
        Sql.column(
                started(),
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth'")
            .containsAll(
                List.of("users", "identities", "sessions", "refresh_tokens", "mfa_factors")));
  }

  @Test
  void authFunctionsReadTheRequestsClaimsObject() throws SQLException {
    List<String> values =
        inTransaction(
            "SELECT set_config('request.jwt.claims', '{\"sub\":\""
                + USER
                + "\",\"role\":\"authenticated\",\"email\":\"ada@example.org\","
                + "\"app_metadata\":{\"role\":\"admin\"}}', true)",
            "SELECT auth.uid()::text || ' ' || auth.role() || ' ' || auth.email() || ' '"
                + " || (auth.jwt() -> 'app_metadata' ->> 'role')");
    assertEquals(List.of(USER + " authenticated ada@example.org admin"), values);
  }

  @Test
  void authFunctionsReadTheOlderPerClaimSettingsFirst() throws SQLException {
    String other = "7a1c2b3d-0000-4000-8000-000000000002";
    List<String> values =
        inTransaction(
            "SELECT set_config('request.jwt.claim.sub', '"
                + USER
                + "', true),"
                + " set_config('request.jwt.claim.role', 'service_role', true),"
                + " set_config('request.jwt.claim.email', 'old@example.org', true),"
                + " set_config('request.jwt.claims', '{\"sub\":\""
                + other
                + "\",\"role\":\"anon\",\"email\":\"new@example.org\"}', true)",
            "SELECT auth.uid()::text || ' ' || auth.role() || ' ' || auth.email()");
    assertEquals(List.of(USER + " service_role old@example.org"), values);
  }

  @Test
  void authJwtReadsTheOlderWholeClaimSetting() throws SQLException {
    assertEquals(
        List.of(USER),
        inTransaction(
            "SELECT set_config('request.jwt.claim', '{\"sub\":\"" + USER + "\"}', true)",
            "SELECT auth.jwt() ->> 'sub'"));
  }

  @Test
  void withoutClaimsOrWithEmptyOnesTheAuthFunctionsAnswerNull() throws SQLException {
    String allNull =
        "SELECT (auth.uid() IS NULL AND auth.role() IS NULL AND auth.email() IS NULL"
            + " AND auth.jwt() IS NULL)::text";
    assertEquals("true", Sql.value(started(), allNull));
    // What a connection pool leaves behind after a request: the settings exist but are empty.
    assertEquals(
        List.of("true"),
        inTransaction(
            "SELECT set_config('request.jwt.claims', '', true),"
                + " set_config('request.jwt.claim.sub', '', true)",
            allNull));
  }

  @Test
  void storageHelpersSplitObjectPaths() {
    assertEquals(
        "{avatars,user-1} photo.tar.gz gz {}",
        Sql.value(
            started(),
            "SELECT storage.foldername('avatars/user-1/photo.tar.gz')::text"
                + " || ' ' || storage.filename('avatars/user-1/photo.tar.gz')"
                + " || ' ' || storage.extension('avatars/user-1/photo.tar.gz')"
                + " || ' ' || storage.foldername('top.png')::text"));
  }

  @Test
  void theApiRolesCanUseTheSchemasButNotReadAuthUsers() throws SQLException {
    assertEquals(
        List.of("t"),
        inTransaction(
            "SET LOCAL ROLE authenticated",
            "SELECT has_schema_privilege('auth', 'USAGE') AND has_schema_privilege('storage',"
                + " 'USAGE') AND has_table_privilege('storage.objects', 'INSERT')"
                + " AND NOT has_table_privilege('auth.users', 'SELECT')"));
  }

  @Test
  void tablesTheMigrationsCreateInPublicAreGrantedToTheApiRoles() {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Sql.execute(database, "CREATE TABLE public.things (id int)");
    assertEquals(
        "t",
        Sql.value(
            database,
            "SELECT has_table_privilege('anon', 'public.things', 'SELECT')"
                + " AND has_table_privilege('authenticated', 'public.things', 'INSERT')"
                + " AND has_table_privilege('service_role', 'public.things', 'DELETE')"));
  }

  @Test
  void realtimeSendRecordsTheMessage() {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Sql.execute(database, "SELECT realtime.send('{\"n\":1}', 'changed', 'room:1', false)");
    assertEquals(
        "room:1 changed {\"n\": 1}",
        Sql.value(
            database, "SELECT topic || ' ' || event || ' ' || payload FROM realtime.messages"));
  }

  @Test
  void aFailedPreparationLeavesTheDatabaseAsItWas() {
    ConnectionConfig admin = SupabaseTestDatabases.server().connection();
    Sql.execute(admin, "CREATE DATABASE half_prepared");
    ConnectionConfig database =
        new ConnectionConfig(
            admin.url().replaceAll("/[^/]*$", "/half_prepared"), admin.user(), admin.password());
    // A schema of that name already exists, so the preparation stops halfway through schemas.sql.
    Sql.execute(database, "CREATE SCHEMA storage");

    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> SupabaseFlavor.prepareDatabase(database));

    assertTrue(
        e.getMessage().contains("io/github/pgkeeper/supabase/schemas.sql line 4"), e.getMessage());
    assertTrue(e.getMessage().contains("schema \"storage\" already exists"), e.getMessage());
    assertEquals(Optional.of(Setting.EMBEDDED_FLAVOR), e.setting());
    // The schema created before the failing statement is gone again.
    assertFalse(Sql.column(database, "SELECT nspname FROM pg_namespace").contains("auth"));
  }

  /** Runs {@code setup} and then {@code query} in one transaction, as a request does. */
  private static List<String> inTransaction(String setup, String query) throws SQLException {
    try (Connection connection = Connections.open(started());
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute(setup);
      List<String> values = new ArrayList<>();
      try (ResultSet result = statement.executeQuery(query)) {
        while (result.next()) {
          values.add(result.getString(1));
        }
      }
      connection.rollback();
      return values;
    }
  }
}
