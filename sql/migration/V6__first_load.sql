-- A first load into an empty table (a backfill of years of appointments and payments) builds
-- the table's indexes and key constraints once, sorted, after the rows are in, instead of
-- entry by entry while they go in: for a million rows several times faster. sql/ingest/merge.sql
-- calls these inside its one transaction, so a merge that fails leaves every index as it was.

-- Definitions of what drop_indexes took away, until restore_indexes builds it again.
create table dropped_index (
    table_name  text not null,
    kind        text not null check (kind in ('index', 'constraint')),
    name        text not null,
    definition  text not null,
    position    integer not null
);

-- Drops the indexes, primary key, unique and foreign-key constraints of table t, keeping their
-- definitions in dropped_index.
create function drop_indexes(t regclass) returns void language plpgsql as $$
declare
    r record;
begin
    insert into dropped_index (table_name, kind, name, definition, position)
    select t::text, 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 1
      from pg_index i
     where i.indrelid = t
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = t);
    insert into dropped_index (table_name, kind, name, definition, position)
    select t::text, 'constraint', c.conname, pg_get_constraintdef(c.oid), case c.contype when 'f' then 3 else 2 end
      from pg_constraint c
     where c.conrelid = t and c.contype in ('p', 'u', 'f');
    for r in select * from dropped_index where table_name = t::text order by position desc loop
        if r.kind = 'index' then
            execute format('drop index %s', r.name);
        else
            execute format('alter table %s drop constraint %I', t, r.name);
        end if;
    end loop;
end $$;

-- Builds again what drop_indexes took from table t (nothing if it took nothing), then refreshes
-- the table's statistics for the statements that follow in the same run.
create function restore_indexes(t regclass) returns void language plpgsql as $$
declare
    r record;
begin
    for r in select * from dropped_index where table_name = t::text order by position loop
        if r.kind = 'index' then
            execute r.definition;
        else
            execute format('alter table %s add constraint %I %s', t, r.name, r.definition);
        end if;
    end loop;
    if found then
        delete from dropped_index where table_name = t::text;
        execute format('analyze %s', t);
    end if;
end $$;
