import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Prints the SQL that records every {@code V<n>__<desc>.sql} file of a folder as applied in
 * Flyway's history table, with the checksum Flyway computes: the CRC32 of the script's lines (read
 * as UTF-8, line breaks removed, a leading BOM dropped), as a signed int.
 *
 * <p>Used by bench/run.sh to give Flyway a fully migrated 10,000-script database without running
 * {@code flyway:migrate} on 10,000 scripts, which takes many minutes. Every timed {@code
 * flyway:validate} then checks these rows against the files: a wrong checksum, description or type
 * fails it.
 *
 * <p>Run with {@code java bench/FlywayHistoryRows.java FOLDER INSTALLED_BY > rows.sql}.
 */
public class FlywayHistoryRows {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(.*)\\.sql");

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    String installedBy = args[1];
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files =
          new ArrayList<>(
              list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).toList());
    }
    files.sort(Comparator.comparingLong(FlywayHistoryRows::version));
    StringBuilder out = new StringBuilder();
    out.append(
        "INSERT INTO public.flyway_schema_history (installed_rank, version, description, type,"
            + " script, checksum, installed_by, execution_time, success) VALUES\n");
    int rank = 0;
    for (Path file : files) {
      Matcher name = NAME.matcher(file.getFileName().toString());
      name.matches();
      rank++;
      out.append(rank == 1 ? "" : ",\n")
          .append('(')
          .append(rank)
          .append(", '")
          .append(name.group(1))
          .append("', '")
          .append(name.group(2).replace('_', ' ').replace("'", "''"))
          .append("', 'SQL', '")
          .append(file.getFileName().toString().replace("'", "''"))
          .append("', ")
          .append(checksum(file))
          .append(", '")
          .append(installedBy.replace("'", "''"))
          .append("', 0, true)");
    }
    out.append(";\n");
    System.out.print(out);
  }

  private static long version(Path file) {
    Matcher name = NAME.matcher(file.getFileName().toString());
    name.matches();
    return Long.parseLong(name.group(1));
  }

  /** Flyway's ChecksumCalculator: CRC32 over the UTF-8 bytes of each line without its break. */
  static int checksum(Path file) throws IOException {
    CRC32 crc = new CRC32();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      while (line != null) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        line = reader.readLine();
      }
    }
    return (int) crc.getValue();
  }
}
