-- As pgvector guides write it: the index tuned with WITH (...).
create extension if not exists vector with schema extensions;

create table documents (
  id bigint primary key generated always as identity,
  content text not null,
  embedding vector(3)
);

create index on documents using ivfflat (embedding vector_cosine_ops) with (lists = 100);
create index documents_embedding_hnsw on documents
  using "hnsw" (embedding vector_l2_ops)
  with (m = 16, ef_construction = 64);

insert into documents (content, embedding) values
  ('near', '[1,0,0]'), ('far', '[0,1,0]'), ('between', '[1,1,0]');
