-- restore_indexes (V6) builds a primary key or unique constraint as a unique index first, under
-- a SHARE lock, which lets other transactions go on reading the table while it is built, and
-- then makes it the constraint (ALTER TABLE ... USING INDEX: a catalog change, but under an
-- ACCESS EXCLUSIVE lock that waits for those readers to commit). A first load's appointment
-- keys are built this way in the merge's appointment half while the payment half reads the
-- table (sql/ingest/merge_appointments.sql). ADD CONSTRAINT without an index had built it under
-- the ACCESS EXCLUSIVE lock itself: the readers waited for the whole build, or it for them.
create or replace function restore_indexes(t regclass) returns void language plpgsql as $$
declare
    r record;
    cols text;
begin
    for r in select * from dropped_index where table_name = t::text order by position loop
        if r.kind = 'index' then
            execute r.definition;
        elsif r.definition like 'PRIMARY KEY (%' or r.definition like 'UNIQUE (%' then
            cols := substr(r.definition, strpos(r.definition, '('));
            execute format('create unique index %I on %s %s', r.name, t, cols);
            execute format('alter table %s add constraint %I %s using index %I', t, r.name,
                           left(r.definition, strpos(r.definition, '(') - 2), r.name);
        else
            execute format('alter table %s add constraint %I %s', t, r.name, r.definition);
        end if;
    end loop;
    if found then
        delete from dropped_index where table_name = t::text;
        execute format('analyze %s', t);
    end if;
end $$;
