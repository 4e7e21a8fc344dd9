package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Runs in the integration-test phase, against the database db:start and db:migrate prepared. */
class AccountsIT {
  @Test
  void theSchemaIsMigratedBeforeTheTestsRun() throws Exception {
    String url = System.getProperty("db.url");
    try (Connection connection =
            DriverManager.getConnection(
                url, System.getProperty("db.user"), System.getProperty("db.password"));
        ResultSet result =
            connection.createStatement().executeQuery("SELECT count(*) FROM accounts")) {
      result.next();
      assertEquals(2, result.getInt(1));
    }
  }
}
