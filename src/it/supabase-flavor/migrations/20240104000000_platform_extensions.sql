-- Jobs, webhooks, queues and secrets through the platform's extensions.
create extension if not exists pg_cron with schema pg_catalog;
grant usage on schema cron to postgres;

select cron.schedule(
  'purge-old-notes',
  '0 3 * * *',
  $$ delete from public.notes where created_at < now() - interval '90 days' $$
);

create extension if not exists pg_net with schema extensions;

create function public.notify_new_note()
returns trigger
language plpgsql
as $$
begin
  perform net.http_post(
    url := 'https://example.org/hooks/notes',
    body := jsonb_build_object('id', new.id, 'user_id', new.user_id),
    headers := jsonb_build_object('Content-Type', 'application/json')
  );
  return new;
end;
$$;

create trigger notes_webhook
  after insert on public.notes
  for each row execute function public.notify_new_note();

create extension if not exists pgmq;
select pgmq.create('emails');

create extension if not exists supabase_vault with schema vault;
select vault.create_secret('whsec_test', 'webhook_secret', 'signs the notes webhook');

create extension if not exists http with schema extensions;
create extension if not exists pgjwt with schema extensions;
create extension if not exists pg_graphql;
