-- restore_indexes (V11) as before, but the table's statistics are refreshed once its indexes
-- are built, before the keys are attached: attaching a key waits for the transactions reading
-- the table to commit (in a first load, the merge's payment half reads appointment until its
-- end), and ANALYZE, which lets them read, no longer waits behind it (1,000 clinicians: 0.2 s at
-- the end of the merge).
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
        end if;
    end loop;
    if not found then
        return;
    end if;
    execute format('analyze %s', t);
    for r in select * from dropped_index where table_name = t::text and kind = 'constraint' order by position loop
        if r.definition like 'PRIMARY KEY (%' or r.definition like 'UNIQUE (%' then
            execute format('alter table %s add constraint %I %s using index %I', t, r.name,
                           left(r.definition, strpos(r.definition, '(') - 2), r.name);
        else
            execute format('alter table %s add constraint %I %s', t, r.name, r.definition);
        end if;
    end loop;
    delete from dropped_index where table_name = t::text;
end $$;
