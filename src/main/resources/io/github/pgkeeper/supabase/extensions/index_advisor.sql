-- pgkeeper stand-in for index_advisor (https://github.com/supabase/index_advisor): the function with
-- the real signature. The stand-in hypopg cannot plan with hypothetical indexes, so no index is
-- ever recommended: the costs are the query's own, before and after.
CREATE FUNCTION @extschema@.index_advisor(query text)
RETURNS TABLE (
  startup_cost_before jsonb, startup_cost_after jsonb, total_cost_before jsonb,
  total_cost_after jsonb, index_statements text[], errors text[])
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  plan jsonb;
BEGIN
  BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
  EXCEPTION WHEN OTHERS THEN
    RETURN QUERY SELECT NULL::jsonb, NULL::jsonb, NULL::jsonb, NULL::jsonb, ARRAY[]::text[],
                        ARRAY[SQLERRM];
    RETURN;
  END;
  RETURN QUERY SELECT plan -> 0 -> 'Plan' -> 'Startup Cost', plan -> 0 -> 'Plan' -> 'Startup Cost',
                      plan -> 0 -> 'Plan' -> 'Total Cost', plan -> 0 -> 'Plan' -> 'Total Cost',
                      ARRAY[]::text[], ARRAY[]::text[];
END
$$;
