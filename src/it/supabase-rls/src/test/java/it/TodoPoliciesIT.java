package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the todos policies the way a request through Supabase's API meets them: in a transaction,
 * as the authenticated role, with the request's JWT claims set. Plain JDBC, as in docs/supabase.md.
 */
class TodoPoliciesIT {
  private static final String ADA = "11111111-1111-4111-8111-111111111111";
  private static final String BOB = "22222222-2222-4222-8222-222222222222";

  @Test
  void eachUserSeesOnlyTheirOwnTodos() throws SQLException {
    assertEquals(
        List.of("review the plan", "write the report"),
        asUser(ADA, "SELECT task FROM todos ORDER BY task"));
    assertEquals(List.of("book the trip"), asUser(BOB, "SELECT task FROM todos"));
  }

  @Test
  void aUserCannotAddATodoForSomeoneElse() throws SQLException {
    SQLException refused =
        assertThrows(
            SQLException.class,
            () -> asUser(ADA, "INSERT INTO todos (user_id, task) VALUES ('" + BOB + "', 'x')"));
    assertEquals("42501", refused.getSQLState());
    // user_id defaults to auth.uid(): the user's own todo goes in.
    assertEquals(
        List.of(ADA), asUser(ADA, "INSERT INTO todos (task) VALUES ('mine') RETURNING user_id"));
  }

  @Test
  void aUserCannotChangeSomeoneElsesTodos() throws SQLException {
    assertEquals(
        List.of("0"),
        asUser(
            BOB,
            "WITH changed AS (UPDATE todos SET done = true WHERE user_id = '"
                + ADA
                + "' RETURNING 1) SELECT count(*) FROM changed"));
  }

  @Test
  void withoutASignedInUserNothingIsVisible() throws SQLException {
    assertEquals(List.of("0"), as("anon", "{\"role\":\"anon\"}", "SELECT count(*) FROM todos"));
  }

  private static List<String> asUser(String userId, String sql) throws SQLException {
    return as("authenticated", "{\"sub\":\"" + userId + "\",\"role\":\"authenticated\"}", sql);
  }

  /**
   * One transaction: switch role, set the claims (both local to the transaction), run the query,
   * and roll back so the next test starts from the seeded rows.
   */
  private static List<String> as(String role, String claims, String sql) throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(
            System.getProperty("db.url"),
            System.getProperty("db.user"),
            System.getProperty("db.password"))) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement();
          PreparedStatement setClaims =
              connection.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
        statement.execute("SET LOCAL ROLE " + role);
        setClaims.setString(1, claims);
        setClaims.execute();
        List<String> rows = new ArrayList<>();
        if (statement.execute(sql)) {
          try (ResultSet result = statement.getResultSet()) {
            while (result.next()) {
              rows.add(result.getString(1));
            }
          }
        }
        return rows;
      } finally {
        connection.rollback();
      }
    }
  }
}
