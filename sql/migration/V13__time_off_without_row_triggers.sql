-- Time off carries no foreign keys, as appointment and payment do not (V8): mergeClinicians
-- inserts only rows whose clinician is in the roster (the others wait, staged, as retryable
-- rejects) and writes source_file_id from the staged row's file, a registered file by
-- construction; clinicians and inbox files are never deleted. The two per-row trigger checks
-- were half the insert: 1,000 clinicians' 18,834 rows took 0.5 s under EXPLAIN ANALYZE, 0.24 s
-- of it the triggers; 10,000 clinicians' 553,670 rows 14.2 s, and 5.8 s for the whole roster
-- merge without them.
alter table time_off drop constraint time_off_clinician_id_fkey;
alter table time_off drop constraint time_off_source_file_id_fkey;
