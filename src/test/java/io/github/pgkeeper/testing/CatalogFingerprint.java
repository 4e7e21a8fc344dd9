package io.github.pgkeeper.testing;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A text fingerprint of what a database's catalog holds for some schemas, read straight from the
 * catalog with PostgreSQL's own functions and nothing of pgkeeper's: two databases with the same
 * fingerprint have the same objects, definitions, owners, grants and comments. Round-trip tests
 * compare the source's fingerprint with the restored database's, line by line.
 *
 * <p>Left out on purpose: oids, sequence values (see {@link #sequenceValues}) and statistics.
 */
public final class CatalogFingerprint {
  private CatalogFingerprint() {}

  /** One line per fact, sorted within each kind, kinds in a fixed order. */
  private static final List<String> QUERIES =
      List.of(
          // schemas and their grants
          "SELECT 'schema ' || n.nspname || ' owner ' || pg_get_userbyid(n.nspowner)"
              + " || ' acl ' || coalesce(n.nspacl, acldefault('n', n.nspowner))::text"
              + " FROM pg_namespace n WHERE n.nspname = ANY(?)",
          // extensions whose objects live in the schemas
          "SELECT 'extension ' || x.extname || ' ' || x.extversion || ' in ' || n.nspname"
              + " FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace"
              + " WHERE n.nspname = ANY(?) AND x.extname <> 'plpgsql'",
          // types: enums with labels in order, domains, composites, ranges
          "SELECT 'type ' || format_type(t.oid, NULL) || ' ' || t.typtype::text || ' owner '"
              + " || pg_get_userbyid(t.typowner) || ' acl ' || coalesce(t.typacl, acldefault('T', t.typowner))::text"
              + " || ' base ' || coalesce(format_type(t.typbasetype, t.typtypmod), '-')"
              + " || ' notnull ' || t.typnotnull || ' default ' || coalesce(t.typdefault, '-')"
              + " || ' labels ' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY"
              + " e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '-')"
              + " || ' collation ' || coalesce(nullif(t.typcollation, 0)::regcollation::text, '-')"
              + " || ' range ' || coalesce((SELECT format_type(r.rngsubtype, NULL) || ' opclass '"
              + " || (SELECT o.opcname FROM pg_opclass o WHERE o.oid = r.rngsubopc)"
              + " || ' collation ' || coalesce(nullif(r.rngcollation, 0)::regcollation::text, '-')"
              + " || ' canonical ' || r.rngcanonical::regproc::text || ' diff '"
              + " || r.rngsubdiff::regproc::text || ' multirange '"
              + " || format_type(r.rngmultitypid, NULL) FROM pg_range r"
              + " WHERE r.rngtypid = t.oid), '-')"
              + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
              + " WHERE n.nspname = ANY(?) AND t.typtype::text IN ('e', 'd', 'r', 'c', 'm')"
              + " AND (t.typtype::text <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid)"
              + " = 'c')",
          // every constraint: tables and domains
          "SELECT 'constraint ' || CASE WHEN c.conrelid <> 0 THEN c.conrelid::regclass::text"
              + " ELSE format_type(c.contypid, NULL) END || ' ' || c.conname || ' ' || c.contype::text || ' ' ||"
              + " pg_get_constraintdef(c.oid) || ' deferrable ' || c.condeferrable || ' deferred '"
              + " || c.condeferred || ' valid ' || c.convalidated || ' local ' || c.conislocal"
              + " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
              + " WHERE n.nspname = ANY(?)",
          // relations: kind, persistence, options, row security, partitioning, inheritance
          "SELECT 'relation ' || c.oid::regclass::text || ' kind ' || c.relkind::text || ' persistence '"
              + " || c.relpersistence::text || ' owner ' || pg_get_userbyid(c.relowner) || ' options '"
              + " || coalesce(c.reloptions::text, '-') || ' rls ' || c.relrowsecurity || ' force '"
              + " || c.relforcerowsecurity || ' bound ' || coalesce(pg_get_expr(c.relpartbound,"
              + " c.oid), '-') || ' partkey ' || coalesce(CASE WHEN c.relkind::text = 'p' THEN"
              + " pg_get_partkeydef(c.oid) END, '-') || ' inherits ' || coalesce((SELECT"
              + " string_agg(i.inhparent::regclass::text, ',' ORDER BY i.inhseqno) FROM"
              + " pg_inherits i WHERE i.inhrelid = c.oid), '-') || ' replident ' ||"
              + " c.relreplident::text || ' oftype ' || coalesce(format_type(nullif(c.reloftype, 0),"
              + " NULL), '-')"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ANY(?) AND c.relkind::text IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')",
          // columns in order, with everything that shapes them
          "SELECT 'column ' || a.attrelid::regclass::text || ' ' || lpad(row_number() OVER (PARTITION"
              + " BY a.attrelid ORDER BY a.attnum)::text, 4, '0') || ' ' || a.attname || ' ' ||"
              + " format_type(a.atttypid, a.atttypmod) || ' notnull ' || a.attnotnull ||"
              + " ' identity ' || a.attidentity::text || ' generated ' || a.attgenerated::text || ' collation '"
              + " || coalesce(CASE WHEN a.attcollation <> t.typcollation THEN"
              + " a.attcollation::regcollation::text END, '-') || ' default ' ||"
              + " coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' local ' || a.attislocal ||"
              + " ' inhcount ' || a.attinhcount || ' storage ' || a.attstorage::text || ' stats ' ||"
              + " coalesce(a.attstattarget::text, '-') || ' acl ' || coalesce(nullif(a.attacl, '{}'), '{}')::text"
              + " || ' options ' || coalesce(a.attoptions::text, '-') || ' compression '"
              + " || a.attcompression::text"
              + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid ="
              + " a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum ="
              + " a.attnum WHERE n.nspname = ANY(?) AND a.attnum > 0 AND NOT a.attisdropped"
              + " AND c.relkind::text IN ('r', 'p', 'v', 'm', 'f', 'c')",
          // sequences: options and owning column
          "SELECT 'sequence ' || s.seqrelid::regclass::text || ' ' || format_type(s.seqtypid,"
              + " NULL) || ' start ' || s.seqstart || ' inc ' || s.seqincrement || ' max ' ||"
              + " s.seqmax || ' min ' || s.seqmin || ' cache ' || s.seqcache || ' cycle ' ||"
              + " s.seqcycle || ' owned by ' || coalesce((SELECT d.refobjid::regclass::text ||"
              + " '.' || a.attname || ' ' || d.deptype::text FROM pg_depend d JOIN pg_attribute a ON"
              + " a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid ="
              + " 'pg_class'::regclass AND d.objid = s.seqrelid AND d.refclassid ="
              + " 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-') || ' acl ' ||"
              + " coalesce(c.relacl, acldefault('s', c.relowner))::text"
              + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(?)",
          // indexes
          "SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' clustered ' || i.indisclustered"
              + " || ' replident ' || i.indisreplident || ' valid ' || i.indisvalid"
              + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(?)",
          // views and materialized views
          "SELECT 'view ' || c.oid::regclass::text || ' ' || pg_get_viewdef(c.oid) || ' acl ' ||"
              + " coalesce(c.relacl, acldefault('r', c.relowner))::text"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ANY(?) AND c.relkind::text IN ('v', 'm')",
          // table grants
          "SELECT 'acl ' || c.oid::regclass::text || ' ' ||"
              + " coalesce(c.relacl, acldefault('r', c.relowner))::text"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ANY(?) AND c.relkind::text IN ('r', 'p')",
          // functions, procedures, aggregates
          "SELECT 'routine ' || p.oid::regprocedure::text || ' ' || p.prokind::text || ' owner ' ||"
              + " pg_get_userbyid(p.proowner) || ' acl ' || coalesce(p.proacl, acldefault('f', p.proowner))::text"
              + " || ' parallel ' || p.proparallel::text || ' ' || CASE WHEN p.prokind::text = 'a'"
              + " THEN (SELECT pg_get_function_arguments(p.oid) || ' kind ' || a.aggkind::text"
              + " || ' direct ' || a.aggnumdirectargs || ' ' || a.aggtransfn::regprocedure::text"
              + " || ' ' || format_type(a.aggtranstype, NULL) || ' space ' || a.aggtransspace"
              + " || ' init ' || coalesce(a.agginitval, '-') || ' final ' || a.aggfinalfn::text"
              + " || ' ' || a.aggfinalextra || ' ' || a.aggfinalmodify::text || ' combine ' ||"
              + " a.aggcombinefn::text || ' serial ' || a.aggserialfn::text || ' ' ||"
              + " a.aggdeserialfn::text || ' moving ' || a.aggmtransfn::text || ' ' ||"
              + " a.aggminvtransfn::text || ' ' || coalesce(format_type(nullif(a.aggmtranstype,"
              + " 0), NULL), '-') || ' ' || a.aggmtransspace || ' ' || a.aggmfinalfn::text || ' '"
              + " || a.aggmfinalextra || ' ' || a.aggmfinalmodify::text || ' ' ||"
              + " coalesce(a.aggminitval, '-') || ' sortop ' || a.aggsortop::regoperator::text"
              + " FROM pg_aggregate a WHERE a.aggfnoid = p.oid) ELSE pg_get_functiondef(p.oid) END"
              + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
              + " WHERE n.nspname = ANY(?)",
          // triggers with their enabled state
          "SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled ' || t.tgenabled::text"
              + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ANY(?) AND NOT t.tgisinternal",
          // policies
          "SELECT 'policy ' || p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' '"
              + " || p.permissive || ' ' || p.roles::text || ' ' || p.cmd || ' using ' ||"
              + " coalesce(p.qual, '-') || ' check ' || coalesce(p.with_check, '-')"
              + " FROM pg_policies p WHERE p.schemaname = ANY(?)",
          // rules other than views' own
          "SELECT 'rule ' || pg_get_ruledef(r.oid) || ' enabled ' || r.ev_enabled::text"
              + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ANY(?) AND r.rulename <> '_RETURN'",
          // comments on anything in the schemas (pg_identify_object quotes the schema it
          // returns, and returns none for what lives on a table)
          "SELECT 'comment ' || pg_describe_object(d.classoid, d.objoid, d.objsubid) || ' = ' ||"
              + " d.description FROM pg_description d"
              + " JOIN LATERAL pg_identify_object(d.classoid, d.objoid, 0) o ON true"
              + " WHERE o.schema IN (SELECT quote_ident(s) FROM unnest(?::text[]) s)"
              + " OR (d.classoid = 'pg_namespace'::regclass"
              + " AND o.identity IN (SELECT quote_ident(s) FROM unnest(?::text[]) s))"
              + " OR (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid ="
              + " c.relnamespace WHERE c.oid = CASE d.classoid WHEN 'pg_trigger'::regclass"
              + " THEN (SELECT tgrelid FROM pg_trigger WHERE oid = d.objoid)"
              + " WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite"
              + " WHERE oid = d.objoid) WHEN 'pg_policy'::regclass THEN (SELECT polrelid"
              + " FROM pg_policy WHERE oid = d.objoid) END) = ANY(?)",
          // default privileges
          "SELECT 'default acl ' || pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname,"
              + " '-') || ' ' || d.defaclobjtype::text || ' ' || d.defaclacl::text"
              + " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace"
              + " WHERE n.nspname = ANY(?) OR d.defaclnamespace = 0 AND d.defaclrole IN ("
              + " SELECT c.relowner FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
              + " WHERE s.nspname = ANY(?) UNION SELECT p.proowner FROM pg_proc p JOIN"
              + " pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = ANY(?) UNION SELECT"
              + " t.typowner FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace WHERE"
              + " s.nspname = ANY(?) UNION SELECT s.nspowner FROM pg_namespace s WHERE"
              + " s.nspname = ANY(?))",
          // publications of the schemas' tables, with their options, column lists and filters
          "SELECT 'publication ' || p.pubname || ' ' || p.pubinsert || p.pubupdate ||"
              + " p.pubdelete || p.pubtruncate || ' all ' || p.puballtables || ' viaroot ' ||"
              + " p.pubviaroot || ' owner ' || pg_get_userbyid(p.pubowner) || ' ' ||"
              + " coalesce((SELECT string_agg(t.schemaname || '.' || t.tablename || ' '"
              + " || coalesce(t.attnames::text, '-') || ' ' || coalesce(t.rowfilter, '-'), ','"
              + " ORDER BY t.schemaname, t.tablename) FROM pg_publication_tables t"
              + " WHERE t.pubname = p.pubname AND t.schemaname = ANY(?)), '-')"
              + " || ' schemas ' || coalesce((SELECT string_agg(n.nspname, ',' ORDER BY"
              + " n.nspname) FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid ="
              + " pn.pnnspid WHERE pn.pnpubid = p.oid), '-') FROM pg_publication p"
              + " WHERE p.puballtables OR EXISTS (SELECT 1 FROM pg_publication_tables t"
              + " WHERE t.pubname = p.pubname AND t.schemaname = ANY(?)) OR EXISTS (SELECT 1"
              + " FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid"
              + " WHERE pn.pnpubid = p.oid AND n.nspname = ANY(?))",
          // collations
          "SELECT 'collation ' || c.oid::regcollation::text || ' ' || c.collprovider::text ||"
              + " ' ' || c.collisdeterministic || ' ' || coalesce(c.collcollate, '-') || ' ' ||"
              + " coalesce(c.collctype, '-') || ' ' || coalesce(to_jsonb(c) ->> 'colllocale',"
              + " to_jsonb(c) ->> 'colliculocale', '-') || ' rules ' || coalesce(to_jsonb(c) ->>"
              + " 'collicurules', '-') || ' owner ' || pg_get_userbyid(c.collowner)"
              + " FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace"
              + " WHERE n.nspname = ANY(?)",
          // extended statistics objects
          "SELECT 'statistics ' || pg_get_statisticsobjdef(s.oid) || ' target ' ||"
              + " coalesce(to_jsonb(s) ->> 'stxstattarget', '-') || ' owner ' ||"
              + " pg_get_userbyid(s.stxowner)"
              + " FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace"
              + " WHERE n.nspname = ANY(?)");

  /** The fingerprint of {@code schemas}, without sequence values. */
  public static List<String> of(ConnectionConfig database, String... schemas) {
    List<String> lines = new ArrayList<>();
    try (Connection connection = Connections.open(database)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET search_path = ''");
      }
      for (String query : QUERIES) {
        try (PreparedStatement statement = connection.prepareStatement(query + " ORDER BY 1")) {
          for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
            statement.setArray(i, connection.createArrayOf("text", schemas));
          }
          List<String> kind = new ArrayList<>();
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              kind.add(rows.getString(1));
            }
          }
          lines.addAll(kind);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return lines;
  }

  /** Each sequence of {@code schemas} with its value: {@code public.s 42 true}. */
  public static List<String> sequenceValues(ConnectionConfig database, String... schemas) {
    String list =
        java.util.Arrays.stream(schemas)
            .map(s -> s.replace("'", "''"))
            .collect(java.util.stream.Collectors.joining("','"));
    return Sql.column(
        database,
        "SELECT schemaname || '.' || sequencename || ' ' || coalesce(last_value::text, 'null')"
            + " FROM pg_sequences WHERE schemaname IN ('"
            + list
            + "') ORDER BY 1");
  }
}
