do $$
begin
  if (select count(*) from public.people) <> 2 or (select count(*) from public.notes) <> 1 then
    raise exception 'seed data missing: % people', (select count(*) from public.people);
  end if;
end
$$;
